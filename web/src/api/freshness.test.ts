import { describe, expect, it } from 'vitest';
import { dataAgeSeconds, isStale, nextRefreshMs, parseCacheControl, readCacheMeta, retryDelayMs, type CacheMeta } from './freshness';

const meta = (over: Partial<CacheMeta>): CacheMeta => ({
  cacheStatus: 'hit', ageSeconds: 0, maxAgeSeconds: 30, staleWhileRevalidateSeconds: 270, receivedAt: 1_000_000, ...over,
});

describe('parseCacheControl', () => {
  it('reads the directives the service sends', () => {
    expect(parseCacheControl('public, max-age=17, stale-while-revalidate=270, stale-if-error=270')).toEqual({
      maxAge: 17, staleWhileRevalidate: 270, staleIfError: 270, noCache: false,
    });
  });
  it('ignores malformed values and unknown directives', () => {
    expect(parseCacheControl('max-age=abc, private, no-cache')).toEqual({ maxAge: null, staleWhileRevalidate: null, staleIfError: null, noCache: true });
    expect(parseCacheControl(null).maxAge).toBeNull();
  });
});

describe('readCacheMeta', () => {
  it('takes status, Age and max-age from the headers', () => {
    const h = new Headers({ 'X-Cache-Status': 'stale-refresh', Age: '42', 'Cache-Control': 'public, max-age=0, stale-while-revalidate=270' });
    expect(readCacheMeta(h, 5)).toEqual({ cacheStatus: 'stale-refresh', ageSeconds: 42, maxAgeSeconds: 0, staleWhileRevalidateSeconds: 270, receivedAt: 5 });
  });
  it('does not trust an unknown cache status', () => {
    expect(readCacheMeta(new Headers({ 'X-Cache-Status': 'bogus' }), 0).cacheStatus).toBeNull();
  });
});

describe('nextRefreshMs', () => {
  it('asks again one second after the fresh time runs out', () => {
    expect(nextRefreshMs(meta({ maxAgeSeconds: 17 }))).toBe(18_000);
  });
  it('stays within the policy bounds', () => {
    expect(nextRefreshMs(meta({ maxAgeSeconds: 0 }))).toBe(5_000);
    expect(nextRefreshMs(meta({ maxAgeSeconds: 86_400 }))).toBe(60_000);
  });
  it('retries soon when the copy is stale, whatever max-age says', () => {
    expect(nextRefreshMs(meta({ cacheStatus: 'stale', maxAgeSeconds: 40 }))).toBe(5_000);
  });
  it('falls back without max-age', () => {
    expect(nextRefreshMs(meta({ maxAgeSeconds: null }))).toBe(30_000);
  });
});

describe('retryDelayMs', () => {
  it('doubles per failure up to the maximum', () => {
    expect([1, 2, 3, 4, 5].map((n) => retryDelayMs(n))).toEqual([5_000, 10_000, 20_000, 40_000, 60_000]);
  });
});

describe('staleness and age', () => {
  it('counts stale and stale-refresh as stale, hit and miss as fresh', () => {
    expect(isStale(meta({ cacheStatus: 'stale' }))).toBe(true);
    expect(isStale(meta({ cacheStatus: 'stale-refresh' }))).toBe(true);
    expect(isStale(meta({ cacheStatus: 'miss' }))).toBe(false);
    expect(isStale(null)).toBe(false);
  });
  it('adds the time since arrival to Age', () => {
    expect(dataAgeSeconds(meta({ ageSeconds: 40, receivedAt: 0 }), 20_500)).toBe(60);
  });
});
