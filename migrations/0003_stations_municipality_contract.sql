-- Expand/contract example, release N+1 (docs/operations/migrations.md): every replica reads and
-- writes `municipality` now, so the old column and the sync trigger go.

-- up
DROP TRIGGER stations_sync_municipality ON stations;
DROP FUNCTION bv_stations_sync_municipality();
ALTER TABLE stations DROP COLUMN place;

-- down
-- Back to the expanded state of 0002, data included.
ALTER TABLE stations ADD COLUMN place text;
UPDATE stations SET place = municipality;
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
