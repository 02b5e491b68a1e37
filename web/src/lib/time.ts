// Times are shown in Munich's time zone whatever the device's zone is.
const kZone = 'Europe/Berlin';
const clock = new Intl.DateTimeFormat('de-DE', { hour: '2-digit', minute: '2-digit', timeZone: kZone });

export function formatClock(iso: string | null | undefined): string {
  if (!iso) return '–';
  const t = Date.parse(iso);
  return Number.isNaN(t) ? '–' : clock.format(t);
}

// Whole minutes from `now` to the time (negative when it is past), rounded down.
export function minutesUntil(iso: string, now: number): number {
  return Math.floor((Date.parse(iso) - now) / 60_000);
}

export function formatDuration(minutes: number | null | undefined): string {
  if (minutes === null || minutes === undefined) return '–';
  if (minutes < 60) return `${minutes} min`;
  const h = Math.floor(minutes / 60);
  const m = minutes % 60;
  return m === 0 ? `${h} h` : `${h} h ${m} min`;
}

// The value for an <input type="datetime-local"> of the given instant, in Munich time.
export function toLocalInput(epochMs: number): string {
  const parts = new Intl.DateTimeFormat('en-CA', {
    timeZone: kZone, year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', hourCycle: 'h23',
  }).formatToParts(epochMs);
  const get = (type: string) => parts.find((p) => p.type === type)?.value ?? '00';
  return `${get('year')}-${get('month')}-${get('day')}T${get('hour')}:${get('minute')}`;
}

// Munich wall-clock "YYYY-MM-DDTHH:MM" to an RFC 3339 UTC instant (the API's format).
export function localInputToIso(value: string): string | null {
  const m = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})$/.exec(value);
  if (!m) return null;
  const [y, mo, d, h, mi] = m.slice(1).map(Number) as [number, number, number, number, number];
  // Guess UTC = wall time, then correct by the zone's offset at that instant (twice, for DST edges).
  let guess = Date.UTC(y, mo - 1, d, h, mi);
  for (let i = 0; i < 2; i++) {
    const shown = toLocalInput(guess);
    const [sy, smo, sd, sh, smi] = shown.split(/[-T:]/).map(Number) as [number, number, number, number, number];
    guess -= Date.UTC(sy, smo - 1, sd, sh, smi) - Date.UTC(y, mo - 1, d, h, mi);
  }
  return new Date(guess).toISOString().replace(/\.\d{3}Z$/, 'Z');
}
