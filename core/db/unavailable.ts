/**
 * True when an error means the database cannot be reached right now (refused, restarting,
 * shutting down, connection lost), as opposed to a query that failed on its own merits.
 * SQLSTATE class 08 is "connection exception"; 57P01–57P03 are admin/crash shutdown and
 * "cannot connect now" (the server is starting or recovering).
 */
export function isDbUnavailable(err: unknown): boolean {
  for (let e: unknown = err, depth = 0; e && depth < 4; depth++) {
    const { code, message, errors, cause } = e as { code?: unknown; message?: unknown; errors?: unknown; cause?: unknown };
    if (typeof code === 'string') {
      if (code.startsWith('08') || code === '57P01' || code === '57P02' || code === '57P03') return true;
      if (['ECONNREFUSED', 'ECONNRESET', 'EPIPE', 'ETIMEDOUT', 'EHOSTUNREACH', 'ENOTFOUND'].includes(code)) return true;
    }
    if (typeof message === 'string' && /Connection terminated|connection error and is not queryable|timeout exceeded when trying to connect|the database system is (starting up|shutting down|in recovery mode)/i.test(message)) return true;
    if (Array.isArray(errors) && errors.some((x) => isDbUnavailable(x))) return true;
    e = cause;
  }
  return false;
}
