/**
 * The one way the web talks to the server.
 *
 *   const regions = await api.get<Region[]>('/regions', { level: 'village' });
 *   await api.post('/units', { name, type, regionCode });
 *
 * JSON in and out, cookies of the same origin. A failed call throws an `ApiError` carrying the HTTP status
 * and the Chinese `detail` of the problem+json answer. Failed react-query queries and mutations show that
 * detail in a message automatically (see main.tsx; opt out per call with `meta: { silent: true }`).
 * A 401 on any call but login and /me sends the user to the login page.
 */
export class ApiError extends Error {
  constructor(
    public status: number,
    public detail: string,
    /** field errors of a 422, when the server lists them */
    public errors?: { field: string; message: string }[],
    public code?: string,
  ) {
    super(detail);
    this.name = 'ApiError';
  }
}

export type Query = Record<string, string | number | boolean | null | undefined | (string | number)[]>;

/** `/api` + path + the non-empty query parameters (arrays as comma lists). */
export function apiUrl(path: string, query?: Query): string {
  const qs = new URLSearchParams();
  for (const [k, v] of Object.entries(query ?? {})) {
    if (v === undefined || v === null || v === '') continue;
    if (Array.isArray(v)) {
      if (v.length) qs.set(k, v.join(','));
    } else qs.set(k, String(v));
  }
  const s = qs.toString();
  return `/api${path}${s ? (path.includes('?') ? '&' : '?') + s : ''}`;
}

const NO_REDIRECT = ['/api/auth/login', '/api/me'];

export function goToLogin() {
  const here = window.location.pathname + window.location.search;
  if (window.location.pathname === '/login') return;
  window.location.assign(`/login?next=${encodeURIComponent(here)}`);
}

/** Turns a failed response into an ApiError with the server's Chinese message. */
export async function errorOf(res: Response): Promise<ApiError> {
  let detail = `请求失败（${res.status}）`;
  let errors: ApiError['errors'];
  let code: string | undefined;
  try {
    const body = await res.json();
    if (body && typeof body.detail === 'string') detail = body.detail;
    errors = body?.errors;
    code = body?.title;
  } catch {
    if (res.status === 502 || res.status === 503 || res.status === 504) detail = '服务器暂时无法访问，请稍后重试';
  }
  return new ApiError(res.status, detail, Array.isArray(errors) ? errors : undefined, code);
}

/**
 * An answer the page's first script (assets/preload-*.js, written by web/vite.config.ts) asked for while the app's
 * code was still on its way (issue 18.2: on a phone's link that saves a round trip after the code has run). The
 * first GET of that address takes it; later ones ask the server.
 */
function bootAnswer(url: string, init: RequestInit): Promise<Response> | undefined {
  const boot = (globalThis as { __wusongBoot?: Record<string, Promise<Response> | undefined> }).__wusongBoot;
  if (!boot || (init.method ?? 'GET') !== 'GET') return undefined;
  const answer = boot[url];
  delete boot[url];
  return answer;
}

/** fetch with the session cookie; throws ApiError on a non-2xx answer, redirects to login on 401. */
export async function apiFetch(url: string, init: RequestInit = {}): Promise<Response> {
  let res: Response;
  try {
    res = await (bootAnswer(url, init) ?? fetch(url, { credentials: 'same-origin', ...init }));
  } catch {
    throw new ApiError(0, '网络连接失败，请检查网络后重试');
  }
  if (res.ok) return res;
  const err = await errorOf(res);
  if (res.status === 401 && !NO_REDIRECT.some((p) => url.startsWith(p))) goToLogin();
  throw err;
}

async function request<T>(method: string, path: string, body?: unknown, query?: Query): Promise<T> {
  const res = await apiFetch(apiUrl(path, query), {
    method,
    headers: body === undefined ? { accept: 'application/json' } : { accept: 'application/json', 'content-type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  if (res.status === 204) return undefined as T;
  const text = await res.text();
  return (text ? JSON.parse(text) : undefined) as T;
}

export const api = {
  get: <T>(path: string, query?: Query) => request<T>('GET', path, undefined, query),
  post: <T>(path: string, body?: unknown) => request<T>('POST', path, body ?? {}),
  put: <T>(path: string, body?: unknown) => request<T>('PUT', path, body ?? {}),
  patch: <T>(path: string, body?: unknown) => request<T>('PATCH', path, body ?? {}),
  delete: <T = void>(path: string) => request<T>('DELETE', path),
};

/** The message of any error, for display. */
export function errorText(err: unknown): string {
  if (err instanceof ApiError) return err.detail;
  if (err instanceof Error) return err.message;
  return String(err);
}

// The message API of antd's <App>, set by main.tsx so that non-component code can show messages.
type Notify = (text: string) => void;
let notifyError: Notify = (text) => console.error(text);
export function setErrorNotifier(fn: Notify) {
  notifyError = fn;
}
/** Shows an error's Chinese detail as a message (401 is not shown: the login page follows). */
export function showError(err: unknown) {
  if (err instanceof ApiError && err.status === 401) return;
  notifyError(errorText(err));
}
