/**
 * Thin fetch wrapper for the mianjing JSON API.
 *
 * - Same-origin cookies carry the session (`mj_session`, HttpOnly); the token is never stored in JS.
 * - Every unsafe request echoes the `mj_csrf` cookie in `X-CSRF-Token` (double-submit CSRF check).
 * - Every request sends `Accept-Language` so server error messages come back in the UI language.
 * - Non-2xx responses become an {@link ApiError} carrying the server's `code`, translated `message`
 *   and per-field reasons; a 429 `rate_limited` says how long to wait (from `Retry-After`).
 */
import i18n from '../i18n';

export type FieldErrors = Record<string, string[]>;

export class ApiError extends Error {
  readonly status: number;
  readonly code: string;
  readonly fields?: FieldErrors;
  /** Seconds from the `Retry-After` header of a 429, if any. */
  readonly retryAfter?: number;
  /** The whole JSON body, for errors that carry more than the shared fields (409 `possible_duplicate`'s `existing_id`). */
  readonly body?: unknown;

  constructor(status: number, code: string, message: string, fields?: FieldErrors, retryAfter?: number, body?: unknown) {
    super(message);
    this.name = 'ApiError';
    this.status = status;
    this.code = code;
    this.fields = fields;
    this.retryAfter = retryAfter;
    this.body = body;
  }
}

/**
 * The text of a 429 `rate_limited` that names the wait, e.g. "操作太频繁，请 42 秒后再试": seconds
 * under a minute, else whole minutes (rounded up) under an hour, else hours.
 */
export function rateLimitMessage(retryAfter: number): string {
  if (retryAfter < 60) return i18n.t('limits.retryIn.seconds', { n: Math.max(1, Math.ceil(retryAfter)) });
  if (retryAfter < 3600) return i18n.t('limits.retryIn.minutes', { n: Math.ceil(retryAfter / 60) });
  return i18n.t('limits.retryIn.hours', { n: Math.ceil(retryAfter / 3600) });
}

export function isApiError(e: unknown): e is ApiError {
  return e instanceof ApiError;
}

const UNSAFE = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

/** Reads a cookie fresh on every call: the server rotates `mj_csrf` on login/refresh. */
export function readCookie(name: string): string | undefined {
  for (const part of document.cookie.split(';')) {
    const [k, ...v] = part.trim().split('=');
    if (k === name) return decodeURIComponent(v.join('='));
  }
  return undefined;
}

/** Maps the i18next language to the value the server understands. */
export function apiLanguage(): string {
  const lng = i18n.resolvedLanguage ?? i18n.language ?? 'zh-CN';
  if (lng.startsWith('en')) return 'en';
  if (lng === 'zh-TW' || lng === 'zh-HK') return 'zh-TW';
  return 'zh-CN';
}

export type Query = Record<string, string | number | boolean | null | undefined>;

export function withQuery(path: string, query?: Query): string {
  if (!query) return path;
  const params = new URLSearchParams();
  for (const [k, v] of Object.entries(query)) {
    if (v === undefined || v === null || v === '') continue;
    params.set(k, String(v));
  }
  const qs = params.toString();
  return qs ? `${path}?${qs}` : path;
}

export interface RequestOptions {
  query?: Query;
  /** JSON-encoded, except a `FormData` which is sent as `multipart/form-data` (file uploads). */
  body?: unknown;
  signal?: AbortSignal;
  /** Let the request outlive the page (a draft saved while the tab closes); bodies ≤ 64 KiB. */
  keepalive?: boolean;
}

export async function request<T>(method: string, path: string, opts: RequestOptions = {}): Promise<T> {
  const headers: Record<string, string> = {
    Accept: 'application/json',
    'Accept-Language': apiLanguage(),
  };
  const multipart = opts.body instanceof FormData;
  // The browser sets the multipart Content-Type itself, with its boundary.
  if (opts.body !== undefined && !multipart) headers['Content-Type'] = 'application/json';
  if (UNSAFE.has(method)) {
    // `__Host-mj_csrf` when the server's cookies are Secure (https public URL).
    const csrf = readCookie('__Host-mj_csrf') ?? readCookie('mj_csrf');
    if (csrf) headers['X-CSRF-Token'] = csrf;
  }

  let res: Response;
  try {
    res = await fetch(withQuery(path, opts.query), {
      method,
      headers,
      credentials: 'same-origin',
      body: opts.body === undefined ? undefined : multipart ? (opts.body as FormData) : JSON.stringify(opts.body),
      signal: opts.signal,
      keepalive: opts.keepalive,
    });
  } catch (e) {
    if (e instanceof DOMException && e.name === 'AbortError') throw e;
    throw new ApiError(0, 'network_error', i18n.t('errors.network'));
  }

  if (res.status === 204) return undefined as T;

  const text = await res.text();
  let data: unknown = undefined;
  if (text) {
    try {
      data = JSON.parse(text);
    } catch {
      data = undefined;
    }
  }

  if (!res.ok) {
    const body = (data ?? {}) as { code?: unknown; message?: unknown; fields?: unknown };
    const retry = res.headers.get('Retry-After');
    const retryAfter = retry && /^\d+$/.test(retry) ? Number(retry) : undefined;
    const code = typeof body.code === 'string' ? body.code : `http_${res.status}`;
    const message =
      res.status === 429 && code === 'rate_limited' && retryAfter !== undefined
        ? rateLimitMessage(retryAfter)
        : typeof body.message === 'string' && body.message
          ? body.message
          : i18n.t('errors.http', { status: res.status });
    const fields =
      body.fields && typeof body.fields === 'object' ? (body.fields as FieldErrors) : undefined;
    throw new ApiError(res.status, code, message, fields, retryAfter, data);
  }
  return data as T;
}

export const api = {
  get: <T>(path: string, query?: Query, signal?: AbortSignal) => request<T>('GET', path, { query, signal }),
  post: <T>(path: string, body?: unknown) => request<T>('POST', path, { body }),
  put: <T>(path: string, body?: unknown) => request<T>('PUT', path, { body }),
  patch: <T>(path: string, body?: unknown) => request<T>('PATCH', path, { body }),
  delete: <T>(path: string, body?: unknown) => request<T>('DELETE', path, { body }),
  /** `POST` a multipart form (file uploads). */
  upload: <T>(path: string, form: FormData) => request<T>('POST', path, { body: form }),
};
