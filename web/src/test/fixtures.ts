import type { Departure, DeparturesResponse, Station } from '../api/types';

export const marienplatz: Station = { id: 'de:09162:2', name: 'Marienplatz', place: 'München', latitude: 48.137, longitude: 11.575 };

export function departure(over: Partial<Departure> = {}): Departure {
  return {
    planned_time: '2026-11-23T07:41:00Z', realtime_time: '2026-11-23T07:43:00Z', delay_minutes: 2, platform: '1',
    realtime: true, line: 'U3', destination: 'Fürstenried West', transport_type: 'UBAHN', icon: 'mdi:subway',
    cancelled: false, messages: [], platform_changed: false, occupancy: 'UNKNOWN', infos: [], trip_id: '3398713',
    trip_code: 296, line_id: 'swm:01003:G:H:016', stop_point_id: 'de:09162:2:1:1', stop_position: null, network: 'swm',
    ...over,
  };
}

export function board(departures: Departure[] = [departure()]): DeparturesResponse {
  return { station: marienplatz, departures };
}

export interface FakeReply {
  status?: number;
  body?: unknown;
  headers?: Record<string, string>;
  network?: boolean; // reject like an unreachable server
}

// A fetch stand-in answering from a queue (the last reply repeats) and recording the URLs asked.
export function fakeFetch(replies: FakeReply[] | ((url: string) => FakeReply)) {
  const calls: string[] = [];
  let i = 0;
  const fn = async (input: RequestInfo | URL) => {
    const url = String(input);
    calls.push(url);
    const r = typeof replies === 'function' ? replies(url) : replies[Math.min(i++, replies.length - 1)]!;
    if (r.network) throw new TypeError('Failed to fetch');
    return new Response(r.body === undefined ? null : JSON.stringify(r.body), {
      status: r.status ?? 200,
      headers: { 'Content-Type': 'application/json', ...r.headers },
    });
  };
  return { fn, calls };
}
