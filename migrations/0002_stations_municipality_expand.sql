-- Expand/contract example, release N (docs/operations/migrations.md): rename stations.place to
-- stations.municipality without downtime. Adds the new column, backfills it and keeps both in
-- step with a trigger, so replicas of release N-1 (writing `place`) and of release N (writing
-- `municipality`) can run side by side during the rolling deploy.

-- up
ALTER TABLE stations ADD COLUMN municipality text;
UPDATE stations SET municipality = place WHERE municipality IS DISTINCT FROM place;

CREATE FUNCTION bv_stations_sync_municipality() RETURNS trigger
LANGUAGE plpgsql AS $fn$
BEGIN
  IF TG_OP = 'INSERT' THEN
    NEW.municipality := coalesce(NEW.municipality, NEW.place);
    NEW.place := coalesce(NEW.place, NEW.municipality);
  ELSIF NEW.municipality IS DISTINCT FROM OLD.municipality THEN
    NEW.place := NEW.municipality;
  ELSIF NEW.place IS DISTINCT FROM OLD.place THEN
    NEW.municipality := NEW.place;
  END IF;
  RETURN NEW;
END
$fn$;
CREATE TRIGGER stations_sync_municipality BEFORE INSERT OR UPDATE ON stations
  FOR EACH ROW EXECUTE FUNCTION bv_stations_sync_municipality();

-- down
DROP TRIGGER IF EXISTS stations_sync_municipality ON stations;
DROP FUNCTION IF EXISTS bv_stations_sync_municipality();
ALTER TABLE stations DROP COLUMN IF EXISTS municipality;
