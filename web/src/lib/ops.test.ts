import { describe, expect, it } from 'vitest';
import type { OpsSummary } from '../api/types';
import { cacheHitShare, formatUptime, requestRate } from './ops';

const summary = (uptime: number, total: number) => ({ uptime_seconds: uptime, requests: { total } }) as OpsSummary;

describe('ops', () => {
  it('derives a request rate from two polls', () => {
    expect(requestRate(summary(10, 100), summary(15, 150))).toBe(10);
    expect(requestRate(null, summary(15, 150))).toBeNull();
    expect(requestRate(summary(100, 1000), summary(5, 10))).toBeNull(); // restarted
  });
  it('counts stale serves as hits', () => {
    expect(cacheHitShare({ cache: 'departures', hit: 6, miss: 2, stale: 2, coalesced: 0, refresh_error: 0 })).toBe(0.8);
    expect(cacheHitShare({ cache: 'x', hit: 0, miss: 0, stale: 0, coalesced: 0, refresh_error: 0 })).toBeNull();
  });
  it('formats uptime', () => {
    expect([formatUptime(42), formatUptime(3_700), formatUptime(90_000)]).toEqual(['42 s', '1 h 1 min', '1 d 1 h']);
  });
});
