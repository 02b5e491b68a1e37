import { act, render, screen } from '@testing-library/react';
import { describe, expect, it, vi } from 'vitest';
import type { StationStats } from '../api/types';
import { fakeFetch } from '../test/fixtures';
import { HistorySummary } from './HistorySummary';

const flush = async () => {
  for (let i = 0; i < 6; i++) await act(async () => { await Promise.resolve(); });
};

const stats: StationStats = {
  station_id: 'de:09162:2', hours: 24, departures_observed: 480, on_time_share: 0.87, mean_delay_seconds: 75,
  p90_delay_seconds: 240, cancellations: 3,
  by_line: [{ line: 'U3', departures_observed: 200, on_time_share: 0.9, mean_delay_seconds: 50, p90_delay_seconds: 120, cancellations: 1 }],
  by_hour: [{ hour: 7, departures_observed: 40, on_time_share: 0.8, mean_delay_seconds: 90, p90_delay_seconds: 300, cancellations: 0 }],
};

describe('HistorySummary', () => {
  it.each([404, 503])('renders nothing when the history endpoint answers %i', async (status) => {
    const f = fakeFetch([{ status, body: { detail: 'x' } }]);
    vi.stubGlobal('fetch', f.fn);
    const { container } = render(<HistorySummary stationId="de:09162:2" stationName="Marienplatz" />);
    await flush();
    expect(f.calls).toEqual(['/api/v1/mvg/stations/de%3A09162%3A2/stats?hours=24']);
    expect(container.innerHTML).toBe('');
  });

  it('renders nothing when the service cannot be reached', async () => {
    vi.stubGlobal('fetch', fakeFetch([{ network: true }]).fn);
    const { container } = render(<HistorySummary stationId="de:09162:2" stationName="Marienplatz" />);
    await flush();
    expect(container.innerHTML).toBe('');
  });

  it('shows the key figures when there is history', async () => {
    vi.stubGlobal('fetch', fakeFetch([{ body: stats }]).fn);
    render(<HistorySummary stationId="de:09162:2" stationName="Marienplatz" />);
    await flush();
    expect(screen.getByTestId('history-summary')).toBeTruthy();
    expect(screen.getByText('87 %')).toBeTruthy();
    expect(screen.getByText('1.3 min')).toBeTruthy();
    expect(screen.getByText('480')).toBeTruthy();
  });
});
