import { act, renderHook } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { fakeFetch } from '../test/fixtures';
import { usePolledResource } from './usePolledResource';

const flush = async () => {
  // let the fetch promise chain settle under fake timers
  for (let i = 0; i < 5; i++) await act(async () => { await Promise.resolve(); });
};

describe('usePolledResource', () => {
  beforeEach(() => vi.useFakeTimers());
  afterEach(() => vi.useRealTimers());

  it('refreshes when max-age runs out, not before', async () => {
    const f = fakeFetch([{ body: { n: 1 }, headers: { 'Cache-Control': 'public, max-age=9', 'X-Cache-Status': 'miss' } },
      { body: { n: 2 }, headers: { 'Cache-Control': 'public, max-age=30', 'X-Cache-Status': 'hit' } }]);
    vi.stubGlobal('fetch', f.fn);
    const { result } = renderHook(() => usePolledResource<{ n: number }>('/api/x'));
    await flush();
    expect(result.current.data).toEqual({ n: 1 });
    expect(result.current.meta?.cacheStatus).toBe('miss');
    await act(async () => { vi.advanceTimersByTime(9_900); });
    expect(f.calls).toHaveLength(1);
    await act(async () => { vi.advanceTimersByTime(200); }); // max-age 9 s + 1 s
    await flush();
    expect(f.calls).toHaveLength(2);
    expect(result.current.data).toEqual({ n: 2 });
  });

  it('keeps the last data when the service becomes unreachable, and recovers', async () => {
    const f = fakeFetch([{ body: { n: 1 }, headers: { 'Cache-Control': 'max-age=0' } }, { network: true }, { body: { n: 3 } }]);
    vi.stubGlobal('fetch', f.fn);
    const { result } = renderHook(() => usePolledResource<{ n: number }>('/api/x'));
    await flush();
    const firstSuccess = result.current.lastSuccessAt;
    await act(async () => { vi.advanceTimersByTime(5_000); });
    await flush();
    expect(result.current.error?.kind).toBe('network');
    expect(result.current.data).toEqual({ n: 1 });
    expect(result.current.lastSuccessAt).toBe(firstSuccess);
    await act(async () => { vi.advanceTimersByTime(5_000); }); // first retry after one failure
    await flush();
    expect(result.current.error).toBeNull();
    expect(result.current.data).toEqual({ n: 3 });
  });

  it('does not poll a 404 again, and does not poll at all with poll: false', async () => {
    const f = fakeFetch([{ status: 404, body: { detail: 'Station not found' } }]);
    vi.stubGlobal('fetch', f.fn);
    const { result } = renderHook(() => usePolledResource('/api/x'));
    await flush();
    expect(result.current.error?.status).toBe(404);
    expect(result.current.error?.detail).toBe('Station not found');
    await act(async () => { vi.advanceTimersByTime(120_000); });
    expect(f.calls).toHaveLength(1);

    const g = fakeFetch([{ body: {}, headers: { 'Cache-Control': 'max-age=1' } }]);
    vi.stubGlobal('fetch', g.fn);
    renderHook(() => usePolledResource('/api/y', { poll: false }));
    await flush();
    await act(async () => { vi.advanceTimersByTime(120_000); });
    expect(g.calls).toHaveLength(1);
  });

  it('forgets the previous URL’s data when the URL changes', async () => {
    const f = fakeFetch((url) => ({ body: { url } }));
    vi.stubGlobal('fetch', f.fn);
    const { result, rerender } = renderHook(({ url }) => usePolledResource<{ url: string }>(url), { initialProps: { url: '/a' } });
    await flush();
    expect(result.current.data?.url).toBe('/a');
    rerender({ url: '/b' });
    expect(result.current.data).toBeNull();
    expect(result.current.loading).toBe(true);
    await flush();
    expect(result.current.data?.url).toBe('/b');
  });
});
