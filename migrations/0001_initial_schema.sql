-- BahnVision schema (ARCHITECTURE.md section 6): stations, lines, departure observations
-- partitioned by month, route snapshots, weather, ingestion runs. See docs/operations/migrations.md.

-- up
CREATE EXTENSION IF NOT EXISTS pg_trgm;

CREATE TYPE transport_mode AS ENUM
  ('UBAHN', 'SBAHN', 'TRAM', 'BUS', 'REGIONAL_BUS', 'BAHN', 'SCHIFF', 'SEV', 'RUFTAXI', 'PEDESTRIAN', 'UNKNOWN');
CREATE TYPE departure_status AS ENUM ('ON_TIME', 'DELAYED', 'CANCELLED', 'UNKNOWN');
CREATE TYPE route_status AS ENUM ('SUCCESS', 'NOT_FOUND', 'RATE_LIMITED', 'DOWNSTREAM_ERROR', 'TIMEOUT');
CREATE TYPE ingestion_source AS ENUM ('MVG', 'WEATHER', 'MAINTENANCE');
CREATE TYPE ingestion_status AS ENUM ('PENDING', 'RUNNING', 'SUCCESS', 'FAILED', 'RETRYING');

CREATE TABLE stations (
  station_id text PRIMARY KEY,
  name text NOT NULL,
  place text,
  latitude double precision,
  longitude double precision,
  transport_modes transport_mode[] NOT NULL DEFAULT '{}',
  timezone text NOT NULL DEFAULT 'Europe/Berlin',
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX stations_name_trgm ON stations USING gin (name gin_trgm_ops);

CREATE TABLE transit_lines (
  line_id text PRIMARY KEY,
  transport_mode transport_mode NOT NULL,
  operator text NOT NULL DEFAULT 'MVG',
  description text,
  color_hex text,
  created_at timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE ingestion_runs (
  id bigserial PRIMARY KEY,
  job_name text NOT NULL,
  source ingestion_source NOT NULL,
  started_at timestamptz NOT NULL DEFAULT now(),
  completed_at timestamptz,
  status ingestion_status NOT NULL DEFAULT 'PENDING',
  records_inserted bigint NOT NULL DEFAULT 0,
  notes text,
  context jsonb NOT NULL DEFAULT '{}'
);
CREATE INDEX ingestion_runs_job_started ON ingestion_runs (job_name, started_at);

-- One row per departure (natural key: station, line, destination, planned time); a later
-- observation of the same departure updates it (valid_to = last seen).
CREATE TABLE departure_observations (
  id bigserial,
  station_id text NOT NULL REFERENCES stations (station_id),
  line_id text NOT NULL REFERENCES transit_lines (line_id),
  ingestion_run_id bigint REFERENCES ingestion_runs (id) ON DELETE SET NULL,
  direction text,
  destination text NOT NULL,
  planned_departure timestamptz NOT NULL,
  observed_departure timestamptz,
  delay_seconds integer,
  platform text,
  transport_mode transport_mode NOT NULL,
  status departure_status NOT NULL,
  cancellation_reason text,
  remarks text[] NOT NULL DEFAULT '{}',
  crowding_level smallint,
  source text NOT NULL DEFAULT 'mvg',
  valid_from timestamptz NOT NULL,
  valid_to timestamptz NOT NULL,
  raw_payload jsonb,
  created_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (id, planned_departure),
  CONSTRAINT departure_observations_natural_key UNIQUE (station_id, line_id, destination, planned_departure)
) PARTITION BY RANGE (planned_departure);
CREATE INDEX departure_observations_station_planned ON departure_observations (station_id, planned_departure);
CREATE INDEX departure_observations_line_planned ON departure_observations (line_id, planned_departure);
-- Catches rows outside every monthly partition; bv_ensure_departure_partitions moves them out.
CREATE TABLE departure_observations_default PARTITION OF departure_observations DEFAULT;

CREATE TABLE route_snapshots (
  id bigserial PRIMARY KEY,
  origin_station_id text NOT NULL REFERENCES stations (station_id),
  destination_station_id text NOT NULL REFERENCES stations (station_id),
  requested_filters jsonb NOT NULL DEFAULT '{}',
  itineraries jsonb NOT NULL DEFAULT '[]',
  requested_at timestamptz NOT NULL,
  mvg_status route_status NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX route_snapshots_pair_requested ON route_snapshots (origin_station_id, destination_station_id, requested_at);

CREATE TABLE weather_observations (
  id bigserial PRIMARY KEY,
  ingestion_run_id bigint REFERENCES ingestion_runs (id) ON DELETE SET NULL,
  latitude double precision NOT NULL,
  longitude double precision NOT NULL,
  observed_at timestamptz NOT NULL,
  temperature_c numeric(5, 2),
  precipitation_mm numeric(6, 2),
  wind_speed_ms numeric(5, 2),
  condition text,
  source text NOT NULL DEFAULT 'open-meteo',
  raw_payload jsonb,
  created_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX weather_observations_observed ON weather_observations (observed_at);

-- No foreign key to departure_observations: retention drops whole partitions, and a
-- referencing table would block that; the retention job deletes the links first.
CREATE TABLE departure_weather_links (
  id bigserial PRIMARY KEY,
  departure_id bigint NOT NULL,
  planned_departure timestamptz NOT NULL,
  weather_id bigint NOT NULL REFERENCES weather_observations (id) ON DELETE CASCADE,
  created_at timestamptz NOT NULL DEFAULT now(),
  UNIQUE (departure_id, weather_id)
);
CREATE INDEX departure_weather_links_planned ON departure_weather_links (planned_departure);

-- Creates the monthly partitions (UTC months) from `first_month` for `months` months that do
-- not exist yet, moving any matching rows out of the default partition. Returns their names.
CREATE FUNCTION bv_ensure_departure_partitions(first_month date, months integer) RETURNS text[]
LANGUAGE plpgsql AS $fn$
DECLARE
  month_start date;
  part text;
  lower_bound timestamptz;
  upper_bound timestamptz;
  created text[] := '{}';
BEGIN
  FOR i IN 0 .. months - 1 LOOP
    month_start := (date_trunc('month', first_month) + make_interval(months => i))::date;
    part := format('departure_observations_y%sm%s', to_char(month_start, 'YYYY'), to_char(month_start, 'MM'));
    CONTINUE WHEN to_regclass(part) IS NOT NULL;
    lower_bound := month_start::timestamp AT TIME ZONE 'UTC';
    upper_bound := (month_start + interval '1 month')::timestamp AT TIME ZONE 'UTC';
    EXECUTE format('CREATE TABLE %I (LIKE departure_observations INCLUDING DEFAULTS INCLUDING CONSTRAINTS)', part);
    EXECUTE format('WITH moved AS (DELETE FROM departure_observations_default WHERE planned_departure >= %L '
                   'AND planned_departure < %L RETURNING *) INSERT INTO %I SELECT * FROM moved',
                   lower_bound, upper_bound, part);
    EXECUTE format('ALTER TABLE departure_observations ATTACH PARTITION %I FOR VALUES FROM (%L) TO (%L)',
                   part, lower_bound, upper_bound);
    created := created || part;
  END LOOP;
  RETURN created;
END
$fn$;

-- Drops the monthly partitions that end before `before_month` (and their weather links).
CREATE FUNCTION bv_drop_departure_partitions(before_month date) RETURNS text[]
LANGUAGE plpgsql AS $fn$
DECLARE
  part record;
  dropped text[] := '{}';
  part_month date;
BEGIN
  FOR part IN
    SELECT c.relname FROM pg_inherits i JOIN pg_class c ON c.oid = i.inhrelid
    WHERE i.inhparent = 'departure_observations'::regclass
      AND c.relname ~ '^departure_observations_y[0-9]{4}m[0-9]{2}$'
    ORDER BY c.relname
  LOOP
    part_month := make_date(substr(part.relname, 25, 4)::int, substr(part.relname, 30, 2)::int, 1);
    CONTINUE WHEN part_month >= date_trunc('month', before_month)::date;
    DELETE FROM departure_weather_links
    WHERE planned_departure < (part_month + interval '1 month')::timestamp AT TIME ZONE 'UTC';
    EXECUTE format('DROP TABLE %I', part.relname);
    dropped := dropped || part.relname::text;
  END LOOP;
  RETURN dropped;
END
$fn$;

SELECT bv_ensure_departure_partitions((now() AT TIME ZONE 'UTC')::date - 31, 4);

-- down
DROP TABLE IF EXISTS departure_weather_links, weather_observations, route_snapshots, departure_observations,
  ingestion_runs, transit_lines, stations;
DROP FUNCTION IF EXISTS bv_ensure_departure_partitions(date, integer);
DROP FUNCTION IF EXISTS bv_drop_departure_partitions(date);
DROP TYPE IF EXISTS ingestion_status, ingestion_source, route_status, departure_status, transport_mode;
DROP EXTENSION IF EXISTS pg_trgm;
