import { describe, expect, it } from 'vitest';
import { kMaxRecent, kRecentKey, loadRecent, rememberStation } from './recent';

const st = (n: number) => ({ id: `de:09162:${n}`, name: `Station ${n}`, place: 'München' });

describe('recent stations', () => {
  it('keeps the most recent first without duplicates', () => {
    rememberStation(st(1));
    rememberStation(st(2));
    rememberStation(st(1));
    expect(loadRecent().map((s) => s.id)).toEqual(['de:09162:1', 'de:09162:2']);
  });
  it('keeps at most kMaxRecent', () => {
    for (let i = 0; i < kMaxRecent + 3; i++) rememberStation(st(i));
    const got = loadRecent();
    expect(got).toHaveLength(kMaxRecent);
    expect(got[0]!.id).toBe(`de:09162:${kMaxRecent + 2}`);
  });
  it('survives corrupt storage', () => {
    localStorage.setItem(kRecentKey, '{not json');
    expect(loadRecent()).toEqual([]);
    localStorage.setItem(kRecentKey, JSON.stringify([{ id: 1 }, st(4)]));
    expect(loadRecent().map((s) => s.id)).toEqual(['de:09162:4']);
  });
  it('stores only id, name and place', () => {
    rememberStation({ ...st(7), latitude: 1, longitude: 2 } as never);
    expect(JSON.parse(localStorage.getItem(kRecentKey)!)).toEqual([st(7)]);
  });
});
