// Loads a URL and keeps it fresh: the next request goes out when the answer's fresh time runs out
// (Cache-Control max-age), failures back off, and the last good answer is kept through errors so
// a board never goes blank because the network or the service is down.
import { useCallback, useEffect, useRef, useState } from 'react';
import { ApiError, fetchJson } from '../api/client';
import { defaultRefreshPolicy, nextRefreshMs, retryDelayMs, type CacheMeta, type RefreshPolicy } from '../api/freshness';

export interface PolledResource<T> {
  data: T | null;
  meta: CacheMeta | null;
  error: ApiError | null; // the last attempt's error; null after a success
  loading: boolean; // no answer (good or bad) yet for this URL
  lastSuccessAt: number | null;
  nextRefreshAt: number | null;
  refresh: () => void;
}

interface State<T> {
  url: string | null;
  data: T | null;
  meta: CacheMeta | null;
  error: ApiError | null;
  settled: boolean;
  lastSuccessAt: number | null;
  nextRefreshAt: number | null;
}

export interface PollOptions {
  poll?: boolean; // false: load once (and on refresh())
  policy?: RefreshPolicy;
}

function empty<T>(url: string | null): State<T> {
  return { url, data: null, meta: null, error: null, settled: false, lastSuccessAt: null, nextRefreshAt: null };
}

export function usePolledResource<T>(url: string | null, options: PollOptions = {}): PolledResource<T> {
  const poll = options.poll ?? true;
  const policy = options.policy ?? defaultRefreshPolicy;
  const [state, setState] = useState<State<T>>(() => empty<T>(url));
  const [kick, setKick] = useState(0);
  const failures = useRef(0);

  useEffect(() => {
    if (url === null) return undefined;
    let cancelled = false;
    let timer: ReturnType<typeof setTimeout> | undefined;
    let controller: AbortController | undefined;
    failures.current = 0;

    const schedule = (ms: number) => {
      if (!poll || cancelled) return;
      timer = setTimeout(() => void load(), ms);
      setState((s) => (s.url === url ? { ...s, nextRefreshAt: Date.now() + ms } : s));
    };

    const load = async () => {
      controller = new AbortController();
      try {
        const result = await fetchJson<T>(url, controller.signal);
        if (cancelled) return;
        failures.current = 0;
        setState({
          url, data: result.data, meta: result.meta, error: null, settled: true,
          lastSuccessAt: result.meta.receivedAt, nextRefreshAt: null,
        });
        schedule(nextRefreshMs(result.meta, policy));
      } catch (err) {
        if (cancelled || (err instanceof DOMException && err.name === 'AbortError')) return;
        const error = err instanceof ApiError ? err : new ApiError('network', String(err));
        failures.current += 1;
        // Keep what we had for this URL: the last board stays on screen.
        setState((s) => ({ ...(s.url === url ? s : empty<T>(url)), error, settled: true }));
        // A 404 or 422 will not change by asking again; anything else may.
        if (error.kind === 'http' && error.status !== null && error.status < 500 && error.status !== 429) return;
        const wait = Math.max(retryDelayMs(failures.current, policy), (error.retryAfterSeconds ?? 0) * 1000);
        schedule(Math.min(wait, policy.maxMs));
      }
    };

    // Coming back to the tab refreshes at once instead of showing a board minutes old.
    const onVisible = () => {
      if (document.visibilityState !== 'visible' || !poll) return;
      if (timer !== undefined) clearTimeout(timer);
      void load();
    };
    document.addEventListener('visibilitychange', onVisible);
    void load();
    return () => {
      cancelled = true;
      if (timer !== undefined) clearTimeout(timer);
      controller?.abort();
      document.removeEventListener('visibilitychange', onVisible);
    };
  }, [url, poll, policy, kick]);

  const refresh = useCallback(() => setKick((k) => k + 1), []);
  const current = state.url === url ? state : empty<T>(url);
  return {
    data: current.data,
    meta: current.meta,
    error: current.error,
    loading: url !== null && !current.settled,
    lastSuccessAt: current.lastSuccessAt,
    nextRefreshAt: current.nextRefreshAt,
    refresh,
  };
}
