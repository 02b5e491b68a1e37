// A tiny client-side router over the History API: the service answers every client-side path
// with index.html (SPA fallback), so deep links and reloads work.
import { useSyncExternalStore, type AnchorHTMLAttributes, type MouseEvent } from 'react';

const kChange = 'bv:navigate';

function subscribe(onChange: () => void): () => void {
  window.addEventListener('popstate', onChange);
  window.addEventListener(kChange, onChange);
  return () => {
    window.removeEventListener('popstate', onChange);
    window.removeEventListener(kChange, onChange);
  };
}

function snapshot(): string {
  return window.location.pathname + window.location.search;
}

export function navigate(to: string, options: { replace?: boolean } = {}): void {
  if (to === snapshot()) return;
  if (options.replace) window.history.replaceState(null, '', to);
  else window.history.pushState(null, '', to);
  window.dispatchEvent(new Event(kChange));
}

export interface Location {
  pathname: string;
  search: URLSearchParams;
}

export function useLocation(): Location {
  const href = useSyncExternalStore(subscribe, snapshot, snapshot);
  const url = new URL(href, 'http://localhost');
  return { pathname: url.pathname, search: url.searchParams };
}

export type Route =
  | { page: 'search' }
  | { page: 'departures'; stationId: string }
  | { page: 'history'; stationId: string }
  | { page: 'plan' }
  | { page: 'ops' }
  | { page: 'not-found' };

export function matchRoute(pathname: string): Route {
  const parts = pathname.split('/').filter((p) => p !== '');
  const decode = (s: string) => {
    try {
      return decodeURIComponent(s);
    } catch {
      return s;
    }
  };
  if (parts.length === 0) return { page: 'search' };
  if (parts[0] === 'departures' && parts.length === 2) return { page: 'departures', stationId: decode(parts[1]!) };
  if (parts[0] === 'history' && parts.length === 2) return { page: 'history', stationId: decode(parts[1]!) };
  if (parts[0] === 'plan' && parts.length === 1) return { page: 'plan' };
  if (parts[0] === 'ops' && parts.length === 1) return { page: 'ops' };
  return { page: 'not-found' };
}

export const paths = {
  search: () => '/',
  departures: (stationId: string) => `/departures/${encodeURIComponent(stationId)}`,
  history: (stationId: string) => `/history/${encodeURIComponent(stationId)}`,
  plan: (params: Record<string, string | undefined> = {}) => {
    const q = new URLSearchParams();
    for (const [k, v] of Object.entries(params)) if (v) q.set(k, v);
    const s = q.toString();
    return s ? `/plan?${s}` : '/plan';
  },
  ops: () => '/ops',
};

export function Link(props: AnchorHTMLAttributes<HTMLAnchorElement> & { href: string }) {
  const { onClick, href, ...rest } = props;
  const handle = (e: MouseEvent<HTMLAnchorElement>) => {
    onClick?.(e);
    if (e.defaultPrevented || e.button !== 0 || e.metaKey || e.ctrlKey || e.shiftKey || e.altKey) return;
    e.preventDefault();
    navigate(href);
    window.scrollTo?.(0, 0);
  };
  return <a href={href} onClick={handle} {...rest} />;
}
