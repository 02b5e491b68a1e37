// Fetches JSON from the service (same origin) with the cache metadata of the answer. Errors are
// values of ApiError: `network` when the service could not be reached at all, `http` for an
// answer with an error status (the service's `detail` text is kept for display).
import { readCacheMeta, type CacheMeta } from './freshness';

export type ApiErrorKind = 'network' | 'http' | 'parse';

export class ApiError extends Error {
  readonly kind: ApiErrorKind;
  readonly status: number | null;
  readonly detail: string | null;
  readonly retryAfterSeconds: number | null;

  constructor(kind: ApiErrorKind, message: string, status: number | null = null, detail: string | null = null,
    retryAfterSeconds: number | null = null) {
    super(message);
    this.name = 'ApiError';
    this.kind = kind;
    this.status = status;
    this.detail = detail;
    this.retryAfterSeconds = retryAfterSeconds;
  }
}

export interface ApiResult<T> {
  data: T;
  meta: CacheMeta;
}

export type Query = Record<string, string | number | readonly string[] | undefined | null>;

export function buildUrl(path: string, query: Query = {}): string {
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(query)) {
    if (value === undefined || value === null || value === '') continue;
    if (Array.isArray(value)) for (const v of value as readonly string[]) params.append(key, v);
    else params.append(key, String(value));
  }
  const qs = params.toString();
  return qs ? `${path}?${qs}` : path;
}

function validationText(item: unknown): string {
  const { loc, msg } = (item ?? {}) as { loc?: unknown; msg?: unknown };
  const name = Array.isArray(loc) && loc.length > 0 ? String(loc[loc.length - 1]) : 'request';
  return `${name}: ${typeof msg === 'string' ? msg : 'invalid'}`;
}

export async function fetchJson<T>(url: string, signal?: AbortSignal, now: () => number = Date.now): Promise<ApiResult<T>> {
  let res: Response;
  try {
    // no-cache: always ask the service (it answers 304 to the browser's ETag when nothing changed),
    // so X-Cache-Status and Age describe the data as it is now.
    res = await fetch(url, { signal, cache: 'no-cache', headers: { Accept: 'application/json' } });
  } catch (err) {
    if (err instanceof DOMException && err.name === 'AbortError') throw err;
    throw new ApiError('network', 'The BahnVision service cannot be reached');
  }
  if (!res.ok) {
    let detail: string | null = null;
    try {
      const body = (await res.json()) as { detail?: unknown };
      if (typeof body.detail === 'string') detail = body.detail;
      // A 422 is FastAPI's list [{loc: ["query", "limit"], msg: "..."}]: name each parameter.
      else if (Array.isArray(body.detail)) detail = body.detail.map(validationText).join('; ');
    } catch {
      // not JSON (a proxy's error page): the status alone says enough
    }
    const retry = Number.parseInt(res.headers.get('Retry-After') ?? '', 10);
    throw new ApiError('http', detail ?? `HTTP ${res.status}`, res.status, detail, Number.isNaN(retry) ? null : retry);
  }
  let data: T;
  try {
    data = (await res.json()) as T;
  } catch {
    throw new ApiError('parse', 'The answer was not valid JSON', res.status);
  }
  return { data, meta: readCacheMeta(res.headers, now()) };
}
