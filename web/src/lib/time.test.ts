import { describe, expect, it } from 'vitest';
import { formatClock, formatDuration, localInputToIso, minutesUntil, toLocalInput } from './time';

describe('Munich time', () => {
  it('shows clock times in Europe/Berlin, winter and summer', () => {
    expect(formatClock('2026-11-23T07:41:00Z')).toBe('08:41');
    expect(formatClock('2026-07-01T07:41:00Z')).toBe('09:41');
    expect(formatClock(null)).toBe('–');
  });
  it('turns a Munich wall-clock input into UTC', () => {
    expect(localInputToIso('2026-11-23T08:00')).toBe('2026-11-23T07:00:00Z');
    expect(localInputToIso('2026-07-01T08:00')).toBe('2026-07-01T06:00:00Z');
    expect(localInputToIso('tomorrow')).toBeNull();
  });
  it('round-trips through the input format', () => {
    const t = Date.parse('2026-03-29T10:30:00Z'); // the day clocks change
    expect(localInputToIso(toLocalInput(t))).toBe('2026-03-29T10:30:00Z');
  });
  it('counts whole minutes and formats durations', () => {
    expect(minutesUntil('2026-11-23T07:41:00Z', Date.parse('2026-11-23T07:36:30Z'))).toBe(4);
    expect([formatDuration(38), formatDuration(60), formatDuration(95)]).toEqual(['38 min', '1 h', '1 h 35 min']);
  });
});
