// The station history endpoint (PostgreSQL issue): present only when persistence is on. A 404
// (no such route, or no data) or 503 (persistence off or down) means "no history here": the UI
// hides the history rather than showing an error.
import { buildUrl, type ApiError } from './client';

export const kHistoryHours = 24;

export function stationStatsUrl(stationId: string, hours = kHistoryHours): string {
  return buildUrl(`/api/v1/mvg/stations/${encodeURIComponent(stationId)}/stats`, { hours });
}

export function historyUnavailable(error: ApiError | null): boolean {
  if (!error) return false;
  return error.kind !== 'http' || error.status === 404 || error.status === 503 || error.status === 501 || error.status === 405;
}
