import { useEffect, useRef, useState } from 'react';
import { io, type Socket } from 'socket.io-client';
import { getExportJob, type ExportChanged, type ExportJob } from '../api/exports';

const POLL_MS = 3000;

/**
 * Follows a clip export job until it ends: its progress as the server pushes it to the requester's
 * sockets ('export:changed'), and read back every few seconds in case a push was missed (a socket
 * reconnecting). Null job: follows nothing.
 */
export function useExportJob(initial: ExportJob | null): { job: ExportJob | null; error: unknown } {
  const [job, setJob] = useState<ExportJob | null>(initial);
  const [error, setError] = useState<unknown>();
  const id = initial?.id ?? null;
  const ended = useRef(false);
  useEffect(() => {
    setJob(initial);
    ended.current = !initial || initial.status === 'done' || initial.status === 'failed';
  }, [id]); // a new job is a new id
  useEffect(() => {
    if (!id) return;
    const apply = (j: ExportJob) => {
      ended.current = j.status === 'done' || j.status === 'failed';
      setJob(j);
    };
    const read = () =>
      void getExportJob(id).then(apply, (err: unknown) => {
        ended.current = true;
        setError(err);
      });
    const socket: Socket<{ 'export:changed': (e: ExportChanged) => void }> = io({ withCredentials: true, reconnectionDelayMax: 10_000 });
    socket.on('export:changed', (e) => {
      if (e.id !== id) return;
      // The file's address comes with the job read back once it is done.
      if (e.status === 'done' || e.status === 'failed') read();
      else setJob((j) => (j && e.percent >= j.percent ? { ...j, status: e.status, percent: e.percent } : j));
    });
    const timer = setInterval(() => {
      if (!ended.current) read();
    }, POLL_MS);
    return () => {
      clearInterval(timer);
      socket.disconnect();
    };
  }, [id]);
  return { job, error };
}
