// Pure helpers of the departures board (unit-tested without a DOM).
import type { ApiError } from '../api/client';
import { dataAgeSeconds, type CacheMeta } from '../api/freshness';
import type { Departure } from '../api/types';

export type DelayClass = 'early' | 'on-time' | 'slight' | 'late' | 'unknown';

export function delayClass(d: Pick<Departure, 'delay_minutes' | 'realtime' | 'cancelled'>): DelayClass {
  if (!d.realtime) return 'unknown';
  if (d.delay_minutes < 0) return 'early';
  if (d.delay_minutes === 0) return 'on-time';
  if (d.delay_minutes < 5) return 'slight';
  return 'late';
}

export function formatDelay(minutes: number): string {
  if (minutes > 0) return `+${minutes}`;
  if (minutes < 0) return `−${Math.abs(minutes)}`;
  return '±0';
}

// Above this age a `stale-refresh` answer is worth a banner too: the background refresh has
// evidently been failing for a while.
export const kStaleRefreshBannerAgeSeconds = 120;

export type BoardNotice =
  | { kind: 'offline'; since: number | null } // the service itself is unreachable
  | { kind: 'upstream'; detail: string } // the service answered 5xx: MVG failed, no copy
  | { kind: 'rate-limited'; retryAfterSeconds: number | null } // 429: this client asked too often
  | { kind: 'not-found'; detail: string }
  | { kind: 'stale'; asOf: number; ageSeconds: number } // an old copy because MVG failed
  | { kind: 'refreshing' }
  | null;

// What the board tells the rider about its data, most serious first.
export function boardNotice(error: ApiError | null, meta: CacheMeta | null, lastSuccessAt: number | null, now: number): BoardNotice {
  if (error) {
    if (error.kind === 'network') return { kind: 'offline', since: lastSuccessAt };
    if (error.status === 404) return { kind: 'not-found', detail: error.detail ?? error.message };
    if (error.status === 429) return { kind: 'rate-limited', retryAfterSeconds: error.retryAfterSeconds };
    if (error.status !== null && error.status >= 500) {
      return { kind: 'upstream', detail: error.detail ?? error.message };
    }
  }
  if (meta) {
    const age = dataAgeSeconds(meta, now);
    const asOf = meta.receivedAt - (meta.ageSeconds ?? 0) * 1000;
    if (meta.cacheStatus === 'stale') return { kind: 'stale', asOf, ageSeconds: age };
    if (meta.cacheStatus === 'stale-refresh') {
      return age >= kStaleRefreshBannerAgeSeconds ? { kind: 'stale', asOf, ageSeconds: age } : { kind: 'refreshing' };
    }
  }
  return null;
}

export function formatAge(seconds: number): string {
  if (seconds < 60) return `${seconds} s`;
  const m = Math.floor(seconds / 60);
  if (m < 60) return `${m} min`;
  return `${Math.floor(m / 60)} h ${m % 60} min`;
}
