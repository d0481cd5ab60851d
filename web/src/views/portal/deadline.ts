import { useEffect, useState } from 'react';

/** Now, refreshed every `everyMs` (for countdowns). */
export function useNow(everyMs = 30_000): number {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    const id = setInterval(() => setNow(Date.now()), everyMs);
    return () => clearInterval(id);
  }, [everyMs]);
  return now;
}

/** Time left until a deadline, in whole days, hours and minutes (null once it has passed). */
export function timeLeft(deadline: string, now: number): { days: number; hours: number; minutes: number } | null {
  const ms = new Date(deadline).getTime() - now;
  if (ms <= 0) return null;
  const minutes = Math.floor(ms / 60_000);
  return { days: Math.floor(minutes / 1440), hours: Math.floor((minutes % 1440) / 60), minutes: minutes % 60 };
}

/** The portal's times are the web's one format (web/src/format/datetime.ts). */
export { formatDateTime as formatTime } from '../../format/datetime';
