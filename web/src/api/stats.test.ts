import { describe, expect, it } from 'vitest';
import { historyUnavailable, normalizeStationStats, stationStatsUrl } from './stats';
import { ApiError } from './client';

describe('normalizeStationStats', () => {
  it('reads the persistence issue’s shape (summary, delays in minutes)', () => {
    const got = normalizeStationStats({
      station: { id: 'de:09162:2', name: 'Marienplatz', place: 'München' }, hours: 12,
      summary: { departures: 10, cancellations: 1, on_time_share: 0.5, mean_delay_minutes: 2, p90_delay_minutes: null },
      by_line: [{ line: 'S1', transport_type: 'SBAHN', departures: 4, cancellations: 0, on_time_share: 1, mean_delay_minutes: 0, p90_delay_minutes: 0 }],
      by_hour: [{ hour: 8, departures: 10, cancellations: 1, on_time_share: 0.5, mean_delay_minutes: 2, p90_delay_minutes: 3 }],
    }, 'x');
    expect(got).toEqual({
      stationId: 'de:09162:2', stationName: 'Marienplatz', hours: 12,
      total: { departures: 10, cancellations: 1, onTimeShare: 0.5, meanDelayMinutes: 2, p90DelayMinutes: null },
      byLine: [{ line: 'S1', transportType: 'SBAHN', departures: 4, cancellations: 0, onTimeShare: 1, meanDelayMinutes: 0, p90DelayMinutes: 0 }],
      byHour: [{ hour: 8, departures: 10, cancellations: 1, onTimeShare: 0.5, meanDelayMinutes: 2, p90DelayMinutes: 3 }],
    });
  });

  it('reads the flat shape first agreed (delays in seconds)', () => {
    const got = normalizeStationStats({
      station_id: 'de:09162:2', hours: 24, departures_observed: 6, on_time_share: 0.5, mean_delay_seconds: 90,
      p90_delay_seconds: 300, cancellations: 2, by_line: [], by_hour: [{ hour: '07', departures_observed: 6, mean_delay_seconds: 30 }],
    }, 'x');
    expect(got?.total).toEqual({ departures: 6, cancellations: 2, onTimeShare: 0.5, meanDelayMinutes: 1.5, p90DelayMinutes: 5 });
    expect(got?.byHour[0]?.hour).toBe(7);
    expect(got?.byHour[0]?.meanDelayMinutes).toBe(0.5);
    expect(got?.stationName).toBeNull();
  });

  it('rejects what is not history', () => {
    expect(normalizeStationStats(null, 'x')).toBeNull();
    expect(normalizeStationStats([1, 2], 'x')).toBeNull();
    expect(normalizeStationStats({ detail: 'Not Found' }, 'x')).toBeNull();
  });
});

describe('history availability', () => {
  it('treats 404, 503 and an unreachable service as no history; 500 as an error', () => {
    expect(historyUnavailable(new ApiError('http', 'x', 404))).toBe(true);
    expect(historyUnavailable(new ApiError('http', 'x', 503))).toBe(true);
    expect(historyUnavailable(new ApiError('network', 'x'))).toBe(true);
    expect(historyUnavailable(new ApiError('http', 'x', 500))).toBe(false);
    expect(historyUnavailable(null)).toBe(false);
  });
  it('builds the URL with the window', () => {
    expect(stationStatsUrl('de:09162:2')).toBe('/api/v1/mvg/stations/de%3A09162%3A2/stats?hours=24');
  });
});
