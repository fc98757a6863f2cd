-- Two writers that need the same new day partition at once: 002's function takes an advisory
-- lock and looks again, but that second look can still use the catalog as it was before the
-- other writer's CREATE committed, and the CREATE then fails with duplicate_table (42P07),
-- failing the whole batch. The partition exists either way, so that error means "done": it is
-- caught around the CREATE alone (a subtransaction only on that rare path).
CREATE OR REPLACE FUNCTION telemetry_ensure_partitions(parent regclass, from_time timestamptz, to_time timestamptz)
RETURNS integer
LANGUAGE plpgsql
AS $fn$
DECLARE
    day         timestamp;
    last_day    timestamp;
    partition   text;
    created     integer := 0;
BEGIN
    IF (SELECT relkind FROM pg_class WHERE oid = parent) <> 'p' THEN
        RETURN 0;
    END IF;

    day := date_trunc('day', from_time AT TIME ZONE 'UTC');
    last_day := date_trunc('day', to_time AT TIME ZONE 'UTC');
    WHILE day <= last_day LOOP
        partition := format('%s_p%s', (SELECT relname FROM pg_class WHERE oid = parent), to_char(day, 'YYYYMMDD'));
        IF to_regclass(quote_ident(partition)) IS NULL THEN
            PERFORM pg_advisory_xact_lock(parent::oid::bigint);
            IF to_regclass(quote_ident(partition)) IS NULL THEN
                BEGIN
                    EXECUTE format(
                        'CREATE TABLE %I PARTITION OF %s FOR VALUES FROM (%L) TO (%L)',
                        partition, parent, day AT TIME ZONE 'UTC', (day + INTERVAL '1 day') AT TIME ZONE 'UTC');
                    created := created + 1;
                EXCEPTION WHEN duplicate_table THEN
                    NULL;
                END;
            END IF;
        END IF;
        day := day + INTERVAL '1 day';
    END LOOP;
    RETURN created;
END
$fn$;
