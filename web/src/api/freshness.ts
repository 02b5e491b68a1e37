// Freshness of an MVG-backed answer, read from the service's cache headers (docs/api.md):
// `X-Cache-Status: hit|miss|stale|stale-refresh`, `Age` (seconds since MVG answered) and
// `Cache-Control: public, max-age=<fresh seconds left>, stale-while-revalidate=<n>, ...`.
// Note: this service's max-age is what is *left* of the fresh time, not a lifetime to subtract
// Age from (ARCHITECTURE.md section 2).

export type CacheStatus = 'hit' | 'miss' | 'stale' | 'stale-refresh';

export interface CacheMeta {
  cacheStatus: CacheStatus | null;
  ageSeconds: number | null;
  maxAgeSeconds: number | null;
  staleWhileRevalidateSeconds: number | null;
  receivedAt: number; // epoch ms when the answer arrived
}

export interface CacheControl {
  maxAge: number | null;
  staleWhileRevalidate: number | null;
  staleIfError: number | null;
  noCache: boolean;
}

function parseSeconds(value: string | undefined): number | null {
  if (value === undefined || !/^-?\d+$/.test(value.trim())) return null;
  return Number.parseInt(value.trim(), 10);
}

export function parseCacheControl(header: string | null): CacheControl {
  const cc: CacheControl = { maxAge: null, staleWhileRevalidate: null, staleIfError: null, noCache: false };
  if (!header) return cc;
  for (const part of header.split(',')) {
    const [rawName, rawValue] = part.split('=', 2) as [string, string | undefined];
    const name = rawName.trim().toLowerCase();
    if (name === 'max-age') cc.maxAge = parseSeconds(rawValue);
    else if (name === 'stale-while-revalidate') cc.staleWhileRevalidate = parseSeconds(rawValue);
    else if (name === 'stale-if-error') cc.staleIfError = parseSeconds(rawValue);
    else if (name === 'no-cache' || name === 'no-store') cc.noCache = true;
  }
  return cc;
}

export function parseCacheStatus(header: string | null): CacheStatus | null {
  const v = header?.trim().toLowerCase();
  return v === 'hit' || v === 'miss' || v === 'stale' || v === 'stale-refresh' ? v : null;
}

export function readCacheMeta(headers: Headers, receivedAt: number): CacheMeta {
  const cc = parseCacheControl(headers.get('Cache-Control'));
  return {
    cacheStatus: parseCacheStatus(headers.get('X-Cache-Status')),
    ageSeconds: parseSeconds(headers.get('Age') ?? undefined),
    maxAgeSeconds: cc.maxAge,
    staleWhileRevalidateSeconds: cc.staleWhileRevalidate,
    receivedAt,
  };
}

// The service served an old copy because MVG failed (`stale`), or served an expired copy while it
// refreshes in the background (`stale-refresh`).
export function isStale(meta: CacheMeta | null): boolean {
  return meta?.cacheStatus === 'stale' || meta?.cacheStatus === 'stale-refresh';
}

export interface RefreshPolicy {
  minMs: number; // never poll faster than this
  maxMs: number; // never wait longer than this
  fallbackMs: number; // when the answer carries no max-age
}

export const defaultRefreshPolicy: RefreshPolicy = { minMs: 5_000, maxMs: 60_000, fallbackMs: 30_000 };

// When to ask again after a successful answer: when its fresh time runs out (plus a second, so
// the service has a new copy), within the policy's bounds. A stale answer is retried at the
// minimum interval: the service is refreshing it, or MVG is failing and we want to know when it
// is back.
export function nextRefreshMs(meta: CacheMeta, policy: RefreshPolicy = defaultRefreshPolicy): number {
  let ms: number;
  if (isStale(meta)) ms = policy.minMs;
  else if (meta.maxAgeSeconds === null) ms = policy.fallbackMs;
  else ms = (Math.max(0, meta.maxAgeSeconds) + 1) * 1000;
  return Math.min(policy.maxMs, Math.max(policy.minMs, ms));
}

// Back-off after failed attempts (1, 2, 3, ...): min, 2x, 4x, ... up to the maximum.
export function retryDelayMs(failures: number, policy: RefreshPolicy = defaultRefreshPolicy): number {
  const n = Math.max(1, failures);
  return Math.min(policy.maxMs, policy.minMs * 2 ** (n - 1));
}

// Seconds since MVG produced the data, now: the Age at arrival plus the time since.
export function dataAgeSeconds(meta: CacheMeta, now: number): number {
  return Math.max(0, (meta.ageSeconds ?? 0) + Math.floor((now - meta.receivedAt) / 1000));
}
