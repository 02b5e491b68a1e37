// The station history endpoint (PostgreSQL issue): present only when persistence is on. A 404
// (no such route, or no data) or 503 (persistence off or down) means "no history here": the UI
// hides the history rather than showing an error.
import { buildUrl, type ApiError } from './client';
import type { DelayFigures, StationStats } from './types';

export const kHistoryHours = 24;

export function stationStatsUrl(stationId: string, hours = kHistoryHours): string {
  return buildUrl(`/api/v1/mvg/stations/${encodeURIComponent(stationId)}/stats`, { hours });
}

export function historyUnavailable(error: ApiError | null): boolean {
  if (!error) return false;
  return error.kind !== 'http' || error.status === 404 || error.status === 503 || error.status === 501 || error.status === 405;
}

type Raw = Record<string, unknown>;

const num = (v: unknown): number | null => (typeof v === 'number' && Number.isFinite(v) ? v : null);
const obj = (v: unknown): Raw | null => (typeof v === 'object' && v !== null && !Array.isArray(v) ? (v as Raw) : null);

// One group's figures, in either wire form: minutes (`departures`, `mean_delay_minutes`, ...) or
// seconds (`departures_observed`, `mean_delay_seconds`, ...).
function figures(o: Raw): DelayFigures {
  const minutes = (name: string) => num(o[`${name}_minutes`]) ?? ((s) => (s === null ? null : s / 60))(num(o[`${name}_seconds`]));
  return {
    departures: num(o.departures) ?? num(o.departures_observed) ?? 0,
    cancellations: num(o.cancellations) ?? 0,
    onTimeShare: num(o.on_time_share),
    meanDelayMinutes: minutes('mean_delay'),
    p90DelayMinutes: minutes('p90_delay'),
  };
}

// Reads the history endpoint's answer. Accepts the shape of the persistence issue
// (`{station, hours, from, to, summary, by_line, by_hour}`, delays in minutes) and the flat
// shape first agreed (`{station_id, hours, departures_observed, ..., by_line, by_hour}`, delays
// in seconds). Returns null for anything else, which the UI treats as "no history".
export function normalizeStationStats(raw: unknown, stationId: string): StationStats | null {
  const o = obj(raw);
  if (!o) return null;
  const summary = obj(o.summary) ?? o;
  if (num(summary.departures) === null && num(summary.departures_observed) === null) return null;
  const station = obj(o.station);
  const list = (v: unknown) => (Array.isArray(v) ? v.map(obj).filter((x): x is Raw => x !== null) : []);
  return {
    stationId: typeof station?.id === 'string' ? station.id : typeof o.station_id === 'string' ? o.station_id : stationId,
    stationName: typeof station?.name === 'string' ? station.name : null,
    hours: num(o.hours) ?? kHistoryHours,
    total: figures(summary),
    byLine: list(o.by_line).filter((l) => typeof l.line === 'string').map((l) => ({
      ...figures(l), line: l.line as string, transportType: typeof l.transport_type === 'string' ? l.transport_type : null,
    })),
    byHour: list(o.by_hour).filter((h) => num(h.hour) !== null || typeof h.hour === 'string').map((h) => ({
      ...figures(h), hour: Number(h.hour),
    })),
  };
}
