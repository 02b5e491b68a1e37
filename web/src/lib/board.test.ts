import { describe, expect, it } from 'vitest';
import { ApiError } from '../api/client';
import type { CacheMeta } from '../api/freshness';
import { boardNotice, delayClass, formatAge, formatDelay, kStaleRefreshBannerAgeSeconds } from './board';

const meta = (over: Partial<CacheMeta>): CacheMeta => ({
  cacheStatus: 'hit', ageSeconds: 3, maxAgeSeconds: 27, staleWhileRevalidateSeconds: 270, receivedAt: 100_000, ...over,
});

describe('boardNotice', () => {
  it('says nothing about a fresh answer', () => {
    expect(boardNotice(null, meta({}), 100_000, 100_000)).toBeNull();
  });
  it('reports a stale copy with its time and age', () => {
    expect(boardNotice(null, meta({ cacheStatus: 'stale', ageSeconds: 90 }), 100_000, 100_000)).toEqual({ kind: 'stale', asOf: 10_000, ageSeconds: 90 });
  });
  it('treats a young stale-refresh as a background refresh, an old one as stale', () => {
    expect(boardNotice(null, meta({ cacheStatus: 'stale-refresh', ageSeconds: 31 }), 0, 100_000)).toEqual({ kind: 'refreshing' });
    expect(boardNotice(null, meta({ cacheStatus: 'stale-refresh', ageSeconds: kStaleRefreshBannerAgeSeconds }), 0, 100_000)?.kind).toBe('stale');
  });
  it('puts an unreachable service above the staleness of the last board', () => {
    const n = boardNotice(new ApiError('network', 'down'), meta({ cacheStatus: 'stale' }), 42, 100_000);
    expect(n).toEqual({ kind: 'offline', since: 42 });
  });
  it('tells MVG failures and unknown stations apart', () => {
    expect(boardNotice(new ApiError('http', 'x', 503, 'MVG is unavailable'), null, null, 0)).toEqual({ kind: 'upstream', detail: 'MVG is unavailable' });
    expect(boardNotice(new ApiError('http', 'x', 404, 'Station not found'), null, null, 0)).toEqual({ kind: 'not-found', detail: 'Station not found' });
    expect(boardNotice(new ApiError('http', 'x', 429, 'Too Many Requests', 7), null, null, 0)).toEqual({ kind: 'rate-limited', retryAfterSeconds: 7 });
  });
});

describe('delays', () => {
  it('classifies delays for colouring', () => {
    const d = (delay_minutes: number, realtime = true) => delayClass({ delay_minutes, realtime, cancelled: false });
    expect([d(-1), d(0), d(2), d(5), d(3, false)]).toEqual(['early', 'on-time', 'slight', 'late', 'unknown']);
  });
  it('formats signed minutes', () => {
    expect([formatDelay(3), formatDelay(0), formatDelay(-2)]).toEqual(['+3', '±0', '−2']);
  });
  it('formats ages', () => {
    expect([formatAge(5), formatAge(125), formatAge(3_720)]).toEqual(['5 s', '2 min', '1 h 2 min']);
  });
});
