import type { OpsSummary } from '../api/types';

// Requests per second between two polls of the (cumulative) summary; null without two polls or
// when the service restarted in between (its counters went back).
export function requestRate(prev: OpsSummary | null, cur: OpsSummary | null): number | null {
  if (!prev || !cur) return null;
  const dt = cur.uptime_seconds - prev.uptime_seconds;
  const dn = cur.requests.total - prev.requests.total;
  if (dt <= 0 || dn < 0) return null;
  return dn / dt;
}

export function formatUptime(seconds: number): string {
  const s = Math.floor(seconds);
  const d = Math.floor(s / 86400);
  const h = Math.floor((s % 86400) / 3600);
  const m = Math.floor((s % 3600) / 60);
  if (d > 0) return `${d} d ${h} h`;
  if (h > 0) return `${h} h ${m} min`;
  if (m > 0) return `${m} min ${s % 60} s`;
  return `${s} s`;
}

export function formatMs(ms: number | null): string {
  if (ms === null) return '–';
  return ms < 10 ? `${ms.toFixed(1)} ms` : `${Math.round(ms)} ms`;
}

// Share of lookups of one cache answered without MVG (fresh or stale copies).
export function cacheHitShare(c: OpsSummary['cache']['by_cache'][number]): number | null {
  const lookups = c.hit + c.miss + c.stale;
  return lookups === 0 ? null : (c.hit + c.stale) / lookups;
}
