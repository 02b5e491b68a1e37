// Recently opened stations, kept in localStorage (most recent first, at most `kMaxRecent`).
// Storage may be unavailable (private mode, quota): then nothing is remembered, nothing fails.
import type { Station } from '../api/types';

export const kRecentKey = 'bahnvision.recentStations';
export const kMaxRecent = 6;

export type RecentStation = Pick<Station, 'id' | 'name' | 'place'>;

function isRecent(v: unknown): v is RecentStation {
  if (typeof v !== 'object' || v === null) return false;
  const o = v as Record<string, unknown>;
  return typeof o.id === 'string' && typeof o.name === 'string' && (o.place === null || typeof o.place === 'string');
}

export function loadRecent(storage: Storage | undefined = globalThis.localStorage): RecentStation[] {
  try {
    const raw = storage?.getItem(kRecentKey);
    if (!raw) return [];
    const parsed: unknown = JSON.parse(raw);
    return Array.isArray(parsed) ? parsed.filter(isRecent).slice(0, kMaxRecent) : [];
  } catch {
    return [];
  }
}

export function rememberStation(station: RecentStation, storage: Storage | undefined = globalThis.localStorage): RecentStation[] {
  const entry: RecentStation = { id: station.id, name: station.name, place: station.place };
  const next = [entry, ...loadRecent(storage).filter((s) => s.id !== station.id)].slice(0, kMaxRecent);
  try {
    storage?.setItem(kRecentKey, JSON.stringify(next));
  } catch {
    // quota or disabled storage: the list simply is not kept
  }
  return next;
}

export function clearRecent(storage: Storage | undefined = globalThis.localStorage): void {
  try {
    storage?.removeItem(kRecentKey);
  } catch {
    // nothing to clear
  }
}
