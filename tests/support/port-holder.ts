import net from 'node:net';

/**
 * Takes a loopback port the moment it is free and cuts every connection to it at once: a
 * PostgreSQL killed with SIGKILL cannot be started again on it while it is held, so an outage
 * lasts as long as a test or bench needs. Close the returned server to end it.
 */
export async function holdPort(port: number, tries = 400): Promise<net.Server> {
  for (let i = 0; ; i++) {
    const srv = net.createServer((s) => s.destroy());
    const ok = await new Promise<boolean>((resolve) => {
      srv.once('error', () => resolve(false));
      srv.listen(port, '127.0.0.1', () => resolve(true));
    });
    if (ok) return srv;
    if (i >= tries) throw new Error(`port ${port} never became free`);
    await new Promise((r) => setTimeout(r, 5));
  }
}
