import { act, fireEvent, render, screen } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { fakeFetch, marienplatz } from '../test/fixtures';
import { kSearchDebounceMs, StationSearch } from './StationSearch';

const results = [marienplatz, { id: 'de:09162:1', name: 'Karlsplatz (Stachus)', place: 'München', latitude: 0, longitude: 0 }];

const flush = async () => {
  for (let i = 0; i < 5; i++) await act(async () => { await Promise.resolve(); });
};

describe('StationSearch', () => {
  beforeEach(() => vi.useFakeTimers());
  afterEach(() => vi.useRealTimers());

  it('asks the API once after a pause in typing', async () => {
    const f = fakeFetch([{ body: { query: 'Mar', results } }]);
    vi.stubGlobal('fetch', f.fn);
    render(<StationSearch label="Station" onSelect={() => undefined} />);
    const input = screen.getByRole('combobox', { name: 'Station' });
    act(() => input.focus());
    for (const text of ['M', 'Ma', 'Mar']) fireEvent.change(input, { target: { value: text } });
    await act(async () => { vi.advanceTimersByTime(kSearchDebounceMs + 10); });
    await flush();
    expect(f.calls).toEqual(['/api/v1/mvg/stations/search?q=Mar&limit=8']);
    expect(screen.getAllByRole('option').map((o) => o.textContent)).toEqual(['MarienplatzMünchen', 'Karlsplatz (Stachus)München']);
  });

  it('chooses with the arrow keys and Enter', async () => {
    vi.stubGlobal('fetch', fakeFetch([{ body: { query: 'a', results } }]).fn);
    const onSelect = vi.fn();
    render(<StationSearch label="Station" onSelect={onSelect} />);
    const input = screen.getByRole('combobox');
    act(() => input.focus());
    fireEvent.change(input, { target: { value: 'a' } });
    await act(async () => { vi.advanceTimersByTime(kSearchDebounceMs + 10); });
    await flush();
    fireEvent.keyDown(input, { key: 'ArrowDown' });
    fireEvent.keyDown(input, { key: 'ArrowDown' });
    expect(input.getAttribute('aria-activedescendant')).toBe(screen.getAllByRole('option')[1]!.id);
    expect(screen.getAllByRole('option')[1]!.getAttribute('aria-selected')).toBe('true');
    fireEvent.keyDown(input, { key: 'Enter' });
    expect(onSelect).toHaveBeenCalledWith(results[1]);
    expect((input as HTMLInputElement).value).toBe('Karlsplatz (Stachus), München');
    expect(screen.queryAllByRole('option').filter((o) => !o.closest('[hidden]'))).toHaveLength(0);
  });

  it('says when nothing matches', async () => {
    vi.stubGlobal('fetch', fakeFetch([{ status: 404, body: { detail: 'No station matches' } }]).fn);
    render(<StationSearch label="Station" onSelect={() => undefined} />);
    const input = screen.getByRole('combobox');
    act(() => input.focus());
    fireEvent.change(input, { target: { value: 'Xyzzy' } });
    await act(async () => { vi.advanceTimersByTime(kSearchDebounceMs + 10); });
    await flush();
    expect(screen.getByRole('status').textContent).toBe('No station matches “Xyzzy”.');
  });
});
