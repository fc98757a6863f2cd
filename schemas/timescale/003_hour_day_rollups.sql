-- Hour and day rollups of the 1-minute tables, and the views every report and dashboard reads:
-- connector_rollup_hour, connector_rollup_day, charger_rollup_hour, charger_rollup_day and
-- port_uptime_month answer the same queries whichever storage 002 chose.
--   Community-licensed TimescaleDB: the hour/day names are continuous aggregates (real-time,
--     refreshed by policy), and the minute hypertables get compression and retention policies.
--   Otherwise (plain PostgreSQL, or TimescaleDB under the Apache licence): plain tables
--     connector_hour/connector_day/charger_hour/charger_day, recomputed by the sink through
--     telemetry_refresh_rollups in the transaction that wrote the minutes, behind views.
-- Buckets are UTC hours and days, as time_bucket makes them.

DO $$
DECLARE
    aggregates      boolean := (SELECT continuous_aggregates FROM telemetry_storage);
    compress_after  interval := coalesce(nullif(current_setting('telemetry.compress_after', true), ''), '7 days')::interval;
    -- The trailing-12-month uptime figure needs a year of minutes; the aggregates are kept.
    retention       interval := coalesce(nullif(current_setting('telemetry.minute_retention', true), ''), '400 days')::interval;
    rollup          record;
BEGIN
    IF aggregates THEN
        FOR rollup IN
            SELECT * FROM (VALUES ('connector', 'cp, port'), ('charger', 'cp')) AS t(name, keys)
        LOOP
            -- Dynamic SQL keeps this file valid on servers without the extension.
            EXECUTE format($sql$
                CREATE MATERIALIZED VIEW %1$I
                WITH (timescaledb.continuous, timescaledb.materialized_only = false) AS
                SELECT time_bucket(INTERVAL '1 hour', minute) AS bucket, %2$s,
                       sum(up_ms) AS up_ms, sum(down_ms) AS down_ms, sum(offline_ms) AS offline_ms,
                       sum(unknown_ms) AS unknown_ms, count(*) AS minutes
                FROM %3$I GROUP BY time_bucket(INTERVAL '1 hour', minute), %2$s
                WITH NO DATA $sql$, rollup.name || '_rollup_hour', rollup.keys, rollup.name || '_minute');
            EXECUTE format($sql$
                CREATE MATERIALIZED VIEW %1$I
                WITH (timescaledb.continuous, timescaledb.materialized_only = false) AS
                SELECT time_bucket(INTERVAL '1 day', minute) AS bucket, %2$s,
                       sum(up_ms) AS up_ms, sum(down_ms) AS down_ms, sum(offline_ms) AS offline_ms,
                       sum(unknown_ms) AS unknown_ms, count(*) AS minutes
                FROM %3$I GROUP BY time_bucket(INTERVAL '1 day', minute), %2$s
                WITH NO DATA $sql$, rollup.name || '_rollup_day', rollup.keys, rollup.name || '_minute');
            -- No start offset: a replay of an old capture invalidates old buckets, and only
            -- invalidated ranges are recomputed.
            EXECUTE format($sql$SELECT add_continuous_aggregate_policy(%L, start_offset => NULL,
                end_offset => INTERVAL '1 hour', schedule_interval => INTERVAL '15 minutes')$sql$, rollup.name || '_rollup_hour');
            EXECUTE format($sql$SELECT add_continuous_aggregate_policy(%L, start_offset => NULL,
                end_offset => INTERVAL '1 day', schedule_interval => INTERVAL '1 hour')$sql$, rollup.name || '_rollup_day');

            EXECUTE format($sql$ALTER TABLE %I SET (timescaledb.compress, timescaledb.compress_segmentby = %L,
                timescaledb.compress_orderby = 'minute')$sql$, rollup.name || '_minute', rollup.keys);
            EXECUTE format('SELECT add_compression_policy(%L, compress_after => %L::interval)', rollup.name || '_minute', compress_after);
            EXECUTE format('SELECT add_retention_policy(%L, drop_after => %L::interval)', rollup.name || '_minute', retention);
        END LOOP;
    ELSE
        CREATE TABLE connector_hour (
            bucket      timestamptz NOT NULL,
            cp          text        NOT NULL,
            port        smallint    NOT NULL,
            up_ms       bigint      NOT NULL,
            down_ms     bigint      NOT NULL,
            offline_ms  bigint      NOT NULL,
            unknown_ms  bigint      NOT NULL,
            minutes     bigint      NOT NULL,
            PRIMARY KEY (cp, port, bucket)
        );
        CREATE TABLE connector_day (LIKE connector_hour INCLUDING ALL);
        CREATE TABLE charger_hour (
            bucket      timestamptz NOT NULL,
            cp          text        NOT NULL,
            up_ms       bigint      NOT NULL,
            down_ms     bigint      NOT NULL,
            offline_ms  bigint      NOT NULL,
            unknown_ms  bigint      NOT NULL,
            minutes     bigint      NOT NULL,
            PRIMARY KEY (cp, bucket)
        );
        CREATE TABLE charger_day (LIKE charger_hour INCLUDING ALL);
        CREATE INDEX connector_hour_bucket_brin ON connector_hour USING brin (bucket);
        CREATE INDEX connector_day_bucket_brin ON connector_day USING brin (bucket);
        CREATE INDEX charger_hour_bucket_brin ON charger_hour USING brin (bucket);
        CREATE INDEX charger_day_bucket_brin ON charger_day USING brin (bucket);

        CREATE VIEW connector_rollup_hour AS
            SELECT bucket, cp, port, up_ms, down_ms, offline_ms, unknown_ms, minutes FROM connector_hour;
        CREATE VIEW connector_rollup_day AS
            SELECT bucket, cp, port, up_ms, down_ms, offline_ms, unknown_ms, minutes FROM connector_day;
        CREATE VIEW charger_rollup_hour AS
            SELECT bucket, cp, up_ms, down_ms, offline_ms, unknown_ms, minutes FROM charger_hour;
        CREATE VIEW charger_rollup_day AS
            SELECT bucket, cp, up_ms, down_ms, offline_ms, unknown_ms, minutes FROM charger_day;
    END IF;
END
$$;

-- Per port and UTC calendar month: the minutes' split and the share of known time the port
-- was up. Exclusions and the NEVI formula are applied by the uptime report, not here.
CREATE VIEW port_uptime_month AS
SELECT date_trunc('month', bucket, 'UTC') AS month,
       cp,
       port,
       sum(up_ms)::bigint      AS up_ms,
       sum(down_ms)::bigint    AS down_ms,
       sum(offline_ms)::bigint AS offline_ms,
       sum(unknown_ms)::bigint AS unknown_ms,
       sum(minutes)::bigint    AS minutes,
       round(100.0 * sum(up_ms) / nullif(sum(up_ms) + sum(down_ms), 0), 3) AS availability_pct
FROM connector_rollup_day
GROUP BY 1, 2, 3;

-- Recomputes the hour and day rollups of the UTC hours/days that [from_time, to_time] touches,
-- for the given chargers (all when null), from the minutes committed or written by the caller's
-- transaction. Restricting to the batch's chargers keeps workers of different partitions from
-- writing each other's rows. With continuous aggregates it does nothing: their policies and
-- real-time aggregation answer instead.
CREATE FUNCTION telemetry_refresh_rollups(from_time timestamptz, to_time timestamptz, chargers text[] DEFAULT NULL)
RETURNS void
LANGUAGE plpgsql
AS $fn$
DECLARE
    first_hour  timestamptz := date_trunc('hour', from_time, 'UTC');
    end_hour    timestamptz := date_trunc('hour', to_time, 'UTC') + INTERVAL '1 hour';
    first_day   timestamptz := date_trunc('day', from_time, 'UTC');
    end_day     timestamptz := date_trunc('day', to_time, 'UTC') + INTERVAL '1 day';
BEGIN
    IF (SELECT continuous_aggregates FROM telemetry_storage) THEN
        RETURN;
    END IF;

    -- Dynamic SQL: these tables exist only on this branch of 003.
    EXECUTE $sql$
        INSERT INTO connector_hour AS t (bucket, cp, port, up_ms, down_ms, offline_ms, unknown_ms, minutes)
        SELECT date_trunc('hour', minute, 'UTC'), cp, port, sum(up_ms), sum(down_ms), sum(offline_ms), sum(unknown_ms), count(*)
        FROM connector_minute
        WHERE minute >= $1 AND minute < $2 AND ($3 IS NULL OR cp = ANY ($3))
        GROUP BY 1, 2, 3
        ON CONFLICT (cp, port, bucket) DO UPDATE
        SET up_ms = EXCLUDED.up_ms, down_ms = EXCLUDED.down_ms, offline_ms = EXCLUDED.offline_ms,
            unknown_ms = EXCLUDED.unknown_ms, minutes = EXCLUDED.minutes
        WHERE (t.up_ms, t.down_ms, t.offline_ms, t.unknown_ms, t.minutes)
              IS DISTINCT FROM (EXCLUDED.up_ms, EXCLUDED.down_ms, EXCLUDED.offline_ms, EXCLUDED.unknown_ms, EXCLUDED.minutes)
        $sql$ USING first_hour, end_hour, chargers;
    EXECUTE $sql$
        INSERT INTO connector_day AS t (bucket, cp, port, up_ms, down_ms, offline_ms, unknown_ms, minutes)
        SELECT date_trunc('day', bucket, 'UTC'), cp, port, sum(up_ms), sum(down_ms), sum(offline_ms), sum(unknown_ms), sum(minutes)
        FROM connector_hour
        WHERE bucket >= $1 AND bucket < $2 AND ($3 IS NULL OR cp = ANY ($3))
        GROUP BY 1, 2, 3
        ON CONFLICT (cp, port, bucket) DO UPDATE
        SET up_ms = EXCLUDED.up_ms, down_ms = EXCLUDED.down_ms, offline_ms = EXCLUDED.offline_ms,
            unknown_ms = EXCLUDED.unknown_ms, minutes = EXCLUDED.minutes
        WHERE (t.up_ms, t.down_ms, t.offline_ms, t.unknown_ms, t.minutes)
              IS DISTINCT FROM (EXCLUDED.up_ms, EXCLUDED.down_ms, EXCLUDED.offline_ms, EXCLUDED.unknown_ms, EXCLUDED.minutes)
        $sql$ USING first_day, end_day, chargers;
    EXECUTE $sql$
        INSERT INTO charger_hour AS t (bucket, cp, up_ms, down_ms, offline_ms, unknown_ms, minutes)
        SELECT date_trunc('hour', minute, 'UTC'), cp, sum(up_ms), sum(down_ms), sum(offline_ms), sum(unknown_ms), count(*)
        FROM charger_minute
        WHERE minute >= $1 AND minute < $2 AND ($3 IS NULL OR cp = ANY ($3))
        GROUP BY 1, 2
        ON CONFLICT (cp, bucket) DO UPDATE
        SET up_ms = EXCLUDED.up_ms, down_ms = EXCLUDED.down_ms, offline_ms = EXCLUDED.offline_ms,
            unknown_ms = EXCLUDED.unknown_ms, minutes = EXCLUDED.minutes
        WHERE (t.up_ms, t.down_ms, t.offline_ms, t.unknown_ms, t.minutes)
              IS DISTINCT FROM (EXCLUDED.up_ms, EXCLUDED.down_ms, EXCLUDED.offline_ms, EXCLUDED.unknown_ms, EXCLUDED.minutes)
        $sql$ USING first_hour, end_hour, chargers;
    EXECUTE $sql$
        INSERT INTO charger_day AS t (bucket, cp, up_ms, down_ms, offline_ms, unknown_ms, minutes)
        SELECT date_trunc('day', bucket, 'UTC'), cp, sum(up_ms), sum(down_ms), sum(offline_ms), sum(unknown_ms), sum(minutes)
        FROM charger_hour
        WHERE bucket >= $1 AND bucket < $2 AND ($3 IS NULL OR cp = ANY ($3))
        GROUP BY 1, 2
        ON CONFLICT (cp, bucket) DO UPDATE
        SET up_ms = EXCLUDED.up_ms, down_ms = EXCLUDED.down_ms, offline_ms = EXCLUDED.offline_ms,
            unknown_ms = EXCLUDED.unknown_ms, minutes = EXCLUDED.minutes
        WHERE (t.up_ms, t.down_ms, t.offline_ms, t.unknown_ms, t.minutes)
              IS DISTINCT FROM (EXCLUDED.up_ms, EXCLUDED.down_ms, EXCLUDED.offline_ms, EXCLUDED.unknown_ms, EXCLUDED.minutes)
        $sql$ USING first_day, end_day, chargers;
END
$fn$;
