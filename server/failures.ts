/**
 * How the server tells apart what went wrong (issue 12 point 9): the database out of reach is a 503, a value
 * the database cannot hold (a NUL byte, a date that does not exist) is the client's 422, anything else a 500.
 * And what the log may say: one JSON line per event, with credentials, identity numbers and phones removed.
 */

/** SQLSTATE of an error or of what caused it (drizzle wraps the driver's error). */
export function sqlState(err: unknown): string | null {
  for (let e = err as { code?: unknown; cause?: unknown } | null | undefined, depth = 0; e && depth < 5; e = e.cause as typeof e, depth++) {
    if (typeof e.code === 'string' && /^[0-9A-Z]{5}$/.test(e.code)) return e.code;
  }
  return null;
}

const UNREACHABLE_CODES = new Set(['ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'ENOTFOUND', 'EHOSTUNREACH', 'EPIPE']);
const UNREACHABLE_MESSAGES = /Connection terminated|connection timeout|Client has encountered a connection error|Cannot use a pool after calling end|timeout exceeded when trying to connect/i;

/** The database cannot be reached or refuses work for now (connection lost, shutting down, too many clients, disk full). */
export function databaseUnavailable(err: unknown): boolean {
  for (let e = err as { code?: unknown; message?: unknown; cause?: unknown; errors?: unknown[] } | null | undefined, depth = 0; e && depth < 5; e = e.cause as typeof e, depth++) {
    const code = typeof e.code === 'string' ? e.code : '';
    if (UNREACHABLE_CODES.has(code)) return true;
    // 08: connection exception; 53: insufficient resources (disk full, out of memory, too many connections);
    // 57P01–57P03: the server is shutting down or starting
    if (/^(08|53)[0-9A-Z]{3}$/.test(code) || /^57P0[123]$/.test(code)) return true;
    if (typeof e.message === 'string' && UNREACHABLE_MESSAGES.test(e.message)) return true;
    if (Array.isArray(e.errors) && e.errors.some((x) => databaseUnavailable(x))) return true; // AggregateError (IPv4 and IPv6 refused)
  }
  return false;
}

/** A value the database refused as data (class 22: NUL byte, impossible date, number out of range…). */
export function badValue(err: unknown): boolean {
  const code = sqlState(err);
  return !!code && code.startsWith('22');
}

const ID_NUMBER = /(?<![0-9])[1-9][0-9]{5}(?:19|20)[0-9]{2}(?:0[1-9]|1[0-2])(?:0[1-9]|[12][0-9]|3[01])[0-9]{3}[0-9Xx](?![0-9])/g;
const PHONE = /(?<![0-9])1[3-9][0-9]{9}(?![0-9])/g;

/** Identity numbers and mobile numbers in a text, masked. */
export function redactText(s: string): string {
  return s.replace(ID_NUMBER, (m) => `${m.slice(0, 3)}***********${m.slice(-4)}`).replace(PHONE, (m) => `${m.slice(0, 3)}****${m.slice(-4)}`);
}

/** An error as the log shows it: type, code, message and stack, masked; never the query's parameters. */
export function errForLog(err: unknown): { type: string; message: string; stack: string; [key: string]: unknown } {
  const e = err as { name?: string; code?: unknown; message?: string; stack?: string; cause?: unknown };
  const cause = e?.cause as { code?: unknown; message?: string } | undefined;
  return {
    type: e?.name ?? typeof err,
    code: typeof e?.code === 'string' ? e.code : (sqlState(err) ?? undefined),
    // drizzle's message repeats the SQL with its parameters: keep only the first line (the statement)
    message: redactText(String(e?.message ?? err).split('\nparams:')[0]),
    cause: cause?.message ? redactText(String(cause.message)) : undefined,
    stack: e?.stack ? redactText(e.stack.split('\nparams:')[0]) : '',
  };
}

/** The server's log: JSON lines, errors and warnings by default (WUSONG_LOG=1 or WUSONG_LOG_LEVEL for more). */
export function loggerOptions(level: string, stream?: NodeJS.WritableStream) {
  return {
    level,
    ...(stream ? { stream } : {}),
    redact: {
      paths: ['req.headers.cookie', 'req.headers.authorization', 'res.headers["set-cookie"]'],
      censor: '[已隐去]',
    },
    serializers: {
      err: errForLog,
      // the query string may carry a search for a person: the path alone
      req: (req: { method?: string; url?: string; id?: string; ip?: string }) => ({ method: req.method, path: req.url?.split('?')[0], id: req.id, ip: req.ip }),
    },
  };
}
