import { act, render, screen } from '@testing-library/react';
import { describe, expect, it, vi } from 'vitest';
import { fakeFetch } from '../test/fixtures';
import { HistorySummary } from './HistorySummary';

const flush = async () => {
  for (let i = 0; i < 6; i++) await act(async () => { await Promise.resolve(); });
};

// The persistence issue's answer (delays in minutes).
const stats = {
  station: { id: 'de:09162:2', name: 'Marienplatz', place: 'München', latitude: 48.1, longitude: 11.5 },
  hours: 24, from: '2026-11-22T07:00:00Z', to: '2026-11-23T07:00:00Z',
  summary: { departures: 480, cancellations: 3, on_time_share: 0.87, mean_delay_minutes: 1.25, p90_delay_minutes: 4 },
  by_line: [{ line: 'U3', transport_type: 'UBAHN', departures: 200, cancellations: 1, on_time_share: 0.9, mean_delay_minutes: 0.8, p90_delay_minutes: 2 }],
  by_hour: [{ hour: 7, departures: 40, cancellations: 0, on_time_share: 0.8, mean_delay_minutes: 1.5, p90_delay_minutes: 5 }],
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

  it('renders nothing for an answer it cannot read', async () => {
    vi.stubGlobal('fetch', fakeFetch([{ body: { something: 'else' } }]).fn);
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
    expect(screen.getByText('1.3 min')).toBeTruthy(); // mean 1.25 min
    expect(screen.getByText('4.0 min')).toBeTruthy(); // p90
    expect(screen.getByText('480')).toBeTruthy();
  });
});
