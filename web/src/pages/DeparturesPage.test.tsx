import { act, render, screen, within } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { board, departure, fakeFetch, type FakeReply } from '../test/fixtures';
import { DeparturesPage } from './DeparturesPage';

const flush = async () => {
  for (let i = 0; i < 6; i++) await act(async () => { await Promise.resolve(); });
};

const fresh = { 'Cache-Control': 'public, max-age=25, stale-while-revalidate=270', 'X-Cache-Status': 'hit', Age: '5' };

describe('DeparturesPage', () => {
  beforeEach(() => {
    vi.useFakeTimers({ now: Date.parse('2026-11-23T07:36:00Z') });
    window.history.replaceState(null, '', '/departures/de%3A09162%3A2');
  });
  afterEach(() => vi.useRealTimers());

  // Board answers in order (then the service is gone); the history endpoint is absent (404).
  const replies = (boards: FakeReply[]) =>
    fakeFetch((url) => (url.includes('/stats') ? { status: 404, body: { detail: 'Not Found' } } : boards.shift() ?? { network: true }));

  it('shows each departure with line, destination, times, delay and platform; cancelled ones struck through', async () => {
    const f = replies([{ body: board([
      departure(),
      departure({ line: 'S8', transport_type: 'SBAHN', destination: 'Flughafen München', cancelled: true, delay_minutes: 0,
        planned_time: '2026-11-23T07:50:00Z', realtime_time: '2026-11-23T07:50:00Z', messages: ['Zug fällt aus'] }),
    ]), headers: fresh }]);
    vi.stubGlobal('fetch', f.fn);
    render(<DeparturesPage stationId="de:09162:2" />);
    await flush();
    expect(f.calls[0]).toBe('/api/v1/mvg/departures?station=de%3A09162%3A2&limit=20');
    expect(screen.getByRole('heading', { level: 1 }).textContent).toBe('Marienplatz');
    const rows = screen.getAllByTestId('departure');
    expect(rows).toHaveLength(2);
    const first = within(rows[0]!);
    expect(first.getByText('U3')).toBeTruthy();
    expect(first.getByText('Fürstenried West')).toBeTruthy();
    expect(first.getByText('7 min')).toBeTruthy(); // 07:43 real-time, now 07:36
    expect(first.getByText('08:41').tagName).toBe('S'); // planned, struck: real-time differs
    expect(first.getByText('08:43')).toBeTruthy();
    expect(first.getByText('+2').className).toContain('delay-slight');
    expect(first.getByText(/Platform/).textContent).toBe('Platform 1');
    const second = within(rows[1]!);
    expect(second.getByText('Flughafen München').tagName).toBe('S');
    expect(second.getByText('cancelled')).toBeTruthy();
    expect(second.getByText('Zug fällt aus')).toBeTruthy();
    expect(screen.queryByTestId('stale-banner')).toBeNull();
    expect(screen.queryByTestId('history-summary')).toBeNull(); // 404: no history on this server
  });

  it('shows the stale banner when the service serves an old copy', async () => {
    vi.stubGlobal('fetch', replies([{ body: board(), headers: { 'X-Cache-Status': 'stale', Age: '150', 'Cache-Control': 'public, max-age=0' } }]).fn);
    render(<DeparturesPage stationId="de:09162:2" />);
    await flush();
    expect(screen.getByTestId('stale-banner').textContent).toContain('(2 min old)');
    expect(screen.getAllByTestId('departure')).toHaveLength(1);
  });

  it('keeps the last board and says so when the service cannot be reached', async () => {
    vi.stubGlobal('fetch', replies([{ body: board(), headers: { ...fresh, 'Cache-Control': 'public, max-age=4' } }, { network: true }]).fn);
    render(<DeparturesPage stationId="de:09162:2" />);
    await flush();
    expect(screen.queryByTestId('offline-banner')).toBeNull();
    await act(async () => { vi.advanceTimersByTime(5_000); });
    await flush();
    expect(screen.getByTestId('offline-banner').textContent).toContain('Showing the last board from 08:36');
    expect(screen.getAllByTestId('departure')).toHaveLength(1);
  });

  it('highlights a changed platform, shows occupancy and how old the data is', async () => {
    vi.stubGlobal('fetch', replies([{ body: board([
      departure({ platform: '3', platform_changed: true, occupancy: 'HIGH' }),
      departure({ line: 'U6', destination: 'Garching', occupancy: 'LOW' }),
      departure({ line: '52', transport_type: 'BUS', platform: null, occupancy: 'UNKNOWN' }),
    ]), headers: { ...fresh, Age: '45' } }]).fn);
    render(<DeparturesPage stationId="de:09162:2" />);
    await flush();
    const rows = screen.getAllByTestId('departure');
    const changed = within(rows[0]!).getByTestId('platform');
    expect(changed.className).toBe('platform changed');
    expect(changed.textContent).toBe('Platform 3 · platform changed');
    expect(within(rows[0]!).getByRole('img').getAttribute('aria-label')).toBe('Occupancy: crowded');
    expect(within(rows[1]!).getByTestId('platform').className).toBe('platform');
    expect(within(rows[1]!).getByRole('img').getAttribute('aria-label')).toBe('Occupancy: seats free');
    expect(within(rows[2]!).queryByTestId('occupancy')).toBeNull(); // nothing to say: no meter
    expect(screen.getByTestId('data-age').textContent).toBe('data 45 s old');
    await act(async () => { vi.advanceTimersByTime(20_000); });
    expect(screen.getByTestId('data-age').textContent).toBe('data 1 min old'); // 45 s + 20 s
  });

  it('says when the chosen transport types leave no departures, with a way back to all', async () => {
    window.history.replaceState(null, '', '/departures/de%3A09162%3A2?types=TRAM');
    vi.stubGlobal('fetch', replies([{ body: board([]), headers: fresh }, { body: board(), headers: fresh }]).fn);
    render(<DeparturesPage stationId="de:09162:2" />);
    await flush();
    expect(screen.getByTestId('empty-filtered').textContent).toContain('No departures of the selected transport types.');
    await act(async () => { screen.getByRole('button', { name: 'Show all transport types' }).click(); });
    expect(window.location.search).toBe('');
  });

  it('filters by transport type through the API', async () => {
    window.history.replaceState(null, '', '/departures/de%3A09162%3A2?types=UBAHN,TRAM');
    const f = replies([{ body: board(), headers: fresh }]);
    vi.stubGlobal('fetch', f.fn);
    render(<DeparturesPage stationId="de:09162:2" />);
    await flush();
    expect(f.calls[0]).toBe('/api/v1/mvg/departures?station=de%3A09162%3A2&limit=20&transport_type=UBAHN&transport_type=TRAM');
    expect(screen.getByRole('button', { name: 'U-Bahn' }).getAttribute('aria-pressed')).toBe('true');
    expect(screen.getByRole('button', { name: 'All' }).getAttribute('aria-pressed')).toBe('false');
  });
});
