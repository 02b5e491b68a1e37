// Shapes of the BahnVision API v1 (docs/openapi.yaml). Only the public contract: the board and
// the planner use departures, stations/search and routes/plan; the operations page reads
// /api/v1/ops/summary; the history page reads the station stats endpoint when it exists.

export interface Station {
  id: string;
  name: string;
  place: string | null;
  latitude: number;
  longitude: number;
}

export interface Departure {
  planned_time: string;
  realtime_time: string;
  delay_minutes: number;
  platform: string | null;
  realtime: boolean;
  line: string;
  destination: string;
  transport_type: string;
  icon: string;
  cancelled: boolean;
  messages: string[];
  platform_changed: boolean;
  occupancy: Occupancy;
  infos: DepartureInfo[];
  trip_id: string | null;
  trip_code: number | null;
  line_id: string | null;
  stop_point_id: string | null;
  stop_position: string | null;
  network: string | null;
}

export type Occupancy = 'LOW' | 'MEDIUM' | 'HIGH' | 'UNKNOWN';

export interface DepartureInfo {
  message: string;
  type: string;
}

export interface DeparturesResponse {
  station: Station;
  departures: Departure[];
}

export interface StationSearchResponse {
  query: string;
  results: Station[];
}

export interface RouteStop {
  id: string | null;
  name: string;
  place: string | null;
  latitude: number | null;
  longitude: number | null;
  planned_time: string | null;
  realtime_time: string | null;
  platform: string | null;
  transport_type: string | null;
  line: string | null;
  destination: string | null;
  delay_minutes: number | null;
  messages: string[];
}

export interface RouteLeg {
  origin: RouteStop;
  destination: RouteStop;
  transport_type: string | null;
  line: string | null;
  direction: string | null;
  duration_minutes: number | null;
  distance_meters: number | null;
  intermediate_stops: RouteStop[];
}

export interface RoutePlan {
  duration_minutes: number;
  transfers: number;
  departure: RouteStop;
  arrival: RouteStop;
  legs: RouteLeg[];
}

export interface RoutePlanResponse {
  origin: Station;
  destination: Station;
  plans: RoutePlan[];
}

export interface OpsSummary {
  version: string;
  uptime_seconds: number;
  requests: {
    total: number;
    errors_5xx: number;
    in_flight: number;
    by_route: { route: string; count: number; errors_5xx: number; p95_ms: number | null }[];
  };
  cache: {
    hit_ratio: number | null;
    by_cache: {
      cache: string;
      hit: number;
      miss: number;
      stale: number;
      coalesced: number;
      refresh_error: number;
    }[];
  };
  mvg: {
    requests: number;
    by_result: Record<string, number>;
    latency_p50_ms: number | null;
    latency_p95_ms: number | null;
    breakers: { endpoint: string; state: 'closed' | 'open' | 'half_open' }[];
  };
  valkey: { state: string };
  database: { state: string };
}

// Delay statistics of one group (the whole station, a line, an hour of the day), as the UI uses
// them. The history endpoint's wire JSON is read by normalizeStationStats() (api/stats.ts).
export interface DelayFigures {
  departures: number;
  cancellations: number;
  onTimeShare: number | null; // 0..1
  meanDelayMinutes: number | null;
  p90DelayMinutes: number | null;
}

export interface StationStats {
  stationId: string;
  stationName: string | null;
  hours: number;
  total: DelayFigures;
  byLine: (DelayFigures & { line: string; transportType: string | null })[];
  byHour: (DelayFigures & { hour: number })[];
}
