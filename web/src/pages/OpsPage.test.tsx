import { act, render, screen } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { OpsSummary } from '../api/types';
import { fakeFetch } from '../test/fixtures';
import { OpsPage } from './OpsPage';

const flush = async () => {
  for (let i = 0; i < 6; i++) await act(async () => { await Promise.resolve(); });
};

const summary = (uptime: number, total: number): OpsSummary => ({
  version: '0.1.0', uptime_seconds: uptime,
  requests: { total, errors_5xx: 1, in_flight: 0, by_route: [{ route: '/api/v1/mvg/departures', count: 12, errors_5xx: 1, p95_ms: 42.4 }] },
  cache: { hit_ratio: 0.753, by_cache: [{ cache: 'departures', hit: 6, miss: 2, stale: 0, coalesced: 0, refresh_error: 0 }] },
  mvg: { requests: 3, by_result: { ok: 3 }, latency_p50_ms: 18.2, latency_p95_ms: 212, breakers: [{ endpoint: 'departures', state: 'open' }] },
  valkey: { state: 'disabled' }, database: { state: 'up' },
});

describe('OpsPage', () => {
  beforeEach(() => vi.useFakeTimers());
  afterEach(() => vi.useRealTimers());

  it('shows hit ratio, latency, breakers, routes and a rate from two polls', async () => {
    const f = fakeFetch([{ body: summary(100, 1000) }, { body: summary(105, 1100) }]);
    vi.stubGlobal('fetch', f.fn);
    render(<OpsPage />);
    await flush();
    expect(screen.getByTestId('hit-ratio').textContent).toBe('75 %');
    expect(screen.getByText('18 ms / 212 ms')).toBeTruthy();
    expect(screen.getByTestId('request-rate').textContent).toBe('10.0 /s ⌀'); // average since start
    expect(screen.getByText('open').className).toContain('state-open');
    expect(screen.getByRole('rowheader').textContent).toBe('/\u200bapi/\u200bv1/\u200bmvg/\u200bdepartures');
    await act(async () => { vi.advanceTimersByTime(5_000); });
    await flush();
    expect(f.calls).toHaveLength(2);
    expect(screen.getByTestId('request-rate').textContent).toBe('20.0 /s'); // 100 requests in 5 s
  });

  it('says when the service cannot be reached', async () => {
    vi.stubGlobal('fetch', fakeFetch([{ network: true }]).fn);
    render(<OpsPage />);
    await flush();
    expect(screen.getByTestId('ops-error').textContent).toContain('cannot be reached');
  });
});
