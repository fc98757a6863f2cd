-- Hour and day rollups kept the way TimescaleDB's real-time continuous aggregates keep them,
-- for databases without continuous aggregates (plain PostgreSQL, TimescaleDB under the Apache
-- licence). 003 recomputed every hour and day a batch touched from its minutes, in the batch's
-- transaction: a 50,000-row batch re-read up to 60 minute rows per written row. Now:
--   * rollup_watermarks holds, per charger, the hour before which its hours are closed: the hour
--     of the newest minute the sink has written for it. connector_hour/charger_hour rows below
--     the watermark are complete, and so are connector_day/charger_day rows of the days before
--     the watermark's day.
--   * telemetry_keep_rollups, called by the sink in the transaction that wrote the minutes,
--     computes an hour once, when the watermark passes it (and a day once, from its closed
--     hours), and recomputes a closed hour (and its closed day) that a later batch writes
--     minutes into. Its upserts skip unchanged rows, so a replayed batch rewrites nothing.
--   * The four views read the closed rows below the watermark and aggregate the minutes (or
--     hours) from the watermark on, so a query sees the same totals at any moment, as it would
--     with real-time continuous aggregates.
-- With continuous aggregates nothing here is used: the table stays empty, the function returns
-- at once and 003's continuous aggregates remain the views.

CREATE TABLE IF NOT EXISTS rollup_watermarks (
    cp            text        PRIMARY KEY,
    closed_until  timestamptz NOT NULL
);

-- chargers[i] wrote minutes in the UTC hour hours[i] (pairs may repeat). Closes the hours each
-- charger's watermark passes, recomputes closed hours written again, then the days likewise,
-- and moves the watermarks forward (never back). Only the given chargers' rows are written, so
-- workers of different partitions never write each other's rows.
-- No nested loops: closing an hour joins thousands of chargers' ranges to an hour of minutes,
-- which one scan of the range and a hash join do in one pass; a nested loop probing the
-- (minute, cp, port) key per charger would read the hour's index once per charger.
CREATE OR REPLACE FUNCTION telemetry_keep_rollups(chargers text[], hours timestamptz[])
RETURNS void
LANGUAGE plpgsql
SET enable_nestloop = off
AS $fn$
DECLARE
    hour_cp     text[];
    hour_from   timestamptz[];
    hour_to     timestamptz[];
    day_cp      text[];
    day_from    timestamptz[];
    day_to      timestamptz[];
    low         timestamptz;
    high        timestamptz;
BEGIN
    IF (SELECT continuous_aggregates FROM telemetry_storage) OR cardinality(chargers) IS NULL THEN
        RETURN;
    END IF;

    WITH touched AS (
        SELECT DISTINCT cp, hour FROM unnest(chargers, hours) AS t(cp, hour)
    ), span AS (
        SELECT cp, min(hour) AS oldest, max(hour) AS newest FROM touched GROUP BY cp
    ), old AS (
        SELECT w.cp, w.closed_until FROM rollup_watermarks w JOIN span USING (cp) FOR UPDATE OF w
    ), work AS (
        -- Closed hours written again.
        SELECT t.cp, t.hour AS from_time, t.hour + INTERVAL '1 hour' AS to_time
        FROM touched t JOIN old o USING (cp)
        WHERE t.hour < o.closed_until
        UNION ALL
        -- Hours the watermark passes now. A charger new to the table has no minutes before this
        -- batch's oldest hour: every minute written since 007 went through here.
        SELECT s.cp, coalesce(o.closed_until, s.oldest), s.newest
        FROM span s LEFT JOIN old o USING (cp)
        WHERE s.newest > coalesce(o.closed_until, s.oldest)
    ), days AS (
        -- Closed days of the recomputed hours, and the days the watermark passes now.
        SELECT DISTINCT w.cp, date_trunc('day', w.from_time, 'UTC') AS from_time,
               date_trunc('day', w.from_time, 'UTC') + INTERVAL '1 day' AS to_time
        FROM work w JOIN old o USING (cp)
        WHERE w.to_time <= o.closed_until
          AND date_trunc('day', w.from_time, 'UTC') < date_trunc('day', o.closed_until, 'UTC')
        UNION
        SELECT s.cp, date_trunc('day', coalesce(o.closed_until, s.oldest), 'UTC'), date_trunc('day', s.newest, 'UTC')
        FROM span s LEFT JOIN old o USING (cp)
        WHERE date_trunc('day', s.newest, 'UTC') > date_trunc('day', coalesce(o.closed_until, s.oldest), 'UTC')
    )
    SELECT (SELECT array_agg(cp) FROM work), (SELECT array_agg(from_time) FROM work), (SELECT array_agg(to_time) FROM work),
           (SELECT array_agg(cp) FROM days), (SELECT array_agg(from_time) FROM days), (SELECT array_agg(to_time) FROM days)
    INTO hour_cp, hour_from, hour_to, day_cp, day_from, day_to;

    IF hour_cp IS NOT NULL THEN
        -- The overall bounds let the planner prune partitions and use the BRIN on minute.
        SELECT min(f), max(t) INTO low, high FROM unnest(hour_from, hour_to) AS r(f, t);
        INSERT INTO connector_hour AS h (bucket, cp, port, up_ms, down_ms, offline_ms, unknown_ms, minutes)
        SELECT date_trunc('hour', m.minute, 'UTC'), m.cp, m.port, sum(m.up_ms), sum(m.down_ms), sum(m.offline_ms), sum(m.unknown_ms), count(*)
        FROM unnest(hour_cp, hour_from, hour_to) AS r(cp, from_time, to_time)
        JOIN connector_minute m ON m.cp = r.cp AND m.minute >= r.from_time AND m.minute < r.to_time
        WHERE m.minute >= low AND m.minute < high
        GROUP BY 1, 2, 3
        ON CONFLICT (cp, port, bucket) DO UPDATE
        SET up_ms = EXCLUDED.up_ms, down_ms = EXCLUDED.down_ms, offline_ms = EXCLUDED.offline_ms,
            unknown_ms = EXCLUDED.unknown_ms, minutes = EXCLUDED.minutes
        WHERE (h.up_ms, h.down_ms, h.offline_ms, h.unknown_ms, h.minutes)
              IS DISTINCT FROM (EXCLUDED.up_ms, EXCLUDED.down_ms, EXCLUDED.offline_ms, EXCLUDED.unknown_ms, EXCLUDED.minutes);
        INSERT INTO charger_hour AS h (bucket, cp, up_ms, down_ms, offline_ms, unknown_ms, minutes)
        SELECT date_trunc('hour', m.minute, 'UTC'), m.cp, sum(m.up_ms), sum(m.down_ms), sum(m.offline_ms), sum(m.unknown_ms), count(*)
        FROM unnest(hour_cp, hour_from, hour_to) AS r(cp, from_time, to_time)
        JOIN charger_minute m ON m.cp = r.cp AND m.minute >= r.from_time AND m.minute < r.to_time
        WHERE m.minute >= low AND m.minute < high
        GROUP BY 1, 2
        ON CONFLICT (cp, bucket) DO UPDATE
        SET up_ms = EXCLUDED.up_ms, down_ms = EXCLUDED.down_ms, offline_ms = EXCLUDED.offline_ms,
            unknown_ms = EXCLUDED.unknown_ms, minutes = EXCLUDED.minutes
        WHERE (h.up_ms, h.down_ms, h.offline_ms, h.unknown_ms, h.minutes)
              IS DISTINCT FROM (EXCLUDED.up_ms, EXCLUDED.down_ms, EXCLUDED.offline_ms, EXCLUDED.unknown_ms, EXCLUDED.minutes);
    END IF;

    IF day_cp IS NOT NULL THEN
        SELECT min(f), max(t) INTO low, high FROM unnest(day_from, day_to) AS r(f, t);
        INSERT INTO connector_day AS d (bucket, cp, port, up_ms, down_ms, offline_ms, unknown_ms, minutes)
        SELECT date_trunc('day', h.bucket, 'UTC'), h.cp, h.port, sum(h.up_ms), sum(h.down_ms), sum(h.offline_ms), sum(h.unknown_ms), sum(h.minutes)
        FROM unnest(day_cp, day_from, day_to) AS r(cp, from_time, to_time)
        JOIN connector_hour h ON h.cp = r.cp AND h.bucket >= r.from_time AND h.bucket < r.to_time
        WHERE h.bucket >= low AND h.bucket < high
        GROUP BY 1, 2, 3
        ON CONFLICT (cp, port, bucket) DO UPDATE
        SET up_ms = EXCLUDED.up_ms, down_ms = EXCLUDED.down_ms, offline_ms = EXCLUDED.offline_ms,
            unknown_ms = EXCLUDED.unknown_ms, minutes = EXCLUDED.minutes
        WHERE (d.up_ms, d.down_ms, d.offline_ms, d.unknown_ms, d.minutes)
              IS DISTINCT FROM (EXCLUDED.up_ms, EXCLUDED.down_ms, EXCLUDED.offline_ms, EXCLUDED.unknown_ms, EXCLUDED.minutes);
        INSERT INTO charger_day AS d (bucket, cp, up_ms, down_ms, offline_ms, unknown_ms, minutes)
        SELECT date_trunc('day', h.bucket, 'UTC'), h.cp, sum(h.up_ms), sum(h.down_ms), sum(h.offline_ms), sum(h.unknown_ms), sum(h.minutes)
        FROM unnest(day_cp, day_from, day_to) AS r(cp, from_time, to_time)
        JOIN charger_hour h ON h.cp = r.cp AND h.bucket >= r.from_time AND h.bucket < r.to_time
        WHERE h.bucket >= low AND h.bucket < high
        GROUP BY 1, 2
        ON CONFLICT (cp, bucket) DO UPDATE
        SET up_ms = EXCLUDED.up_ms, down_ms = EXCLUDED.down_ms, offline_ms = EXCLUDED.offline_ms,
            unknown_ms = EXCLUDED.unknown_ms, minutes = EXCLUDED.minutes
        WHERE (d.up_ms, d.down_ms, d.offline_ms, d.unknown_ms, d.minutes)
              IS DISTINCT FROM (EXCLUDED.up_ms, EXCLUDED.down_ms, EXCLUDED.offline_ms, EXCLUDED.unknown_ms, EXCLUDED.minutes);
    END IF;

    INSERT INTO rollup_watermarks AS w (cp, closed_until)
    SELECT cp, max(hour) FROM unnest(chargers, hours) AS t(cp, hour) GROUP BY cp
    ON CONFLICT (cp) DO UPDATE SET closed_until = EXCLUDED.closed_until
    WHERE w.closed_until < EXCLUDED.closed_until;
END
$fn$;

-- Kept for callers that write minutes themselves (and then call it): the hours of
-- [from_time, to_time] that hold minutes of the given chargers (all when null) go through
-- telemetry_keep_rollups as if the sink had written them.
CREATE OR REPLACE FUNCTION telemetry_refresh_rollups(from_time timestamptz, to_time timestamptz, chargers text[] DEFAULT NULL)
RETURNS void
LANGUAGE plpgsql
AS $fn$
DECLARE
    first_hour  timestamptz := date_trunc('hour', from_time, 'UTC');
    end_hour    timestamptz := date_trunc('hour', to_time, 'UTC') + INTERVAL '1 hour';
    touched_cp  text[];
    touched_at  timestamptz[];
BEGIN
    IF (SELECT continuous_aggregates FROM telemetry_storage) THEN
        RETURN;
    END IF;

    SELECT array_agg(cp), array_agg(hour) INTO touched_cp, touched_at
    FROM (
        SELECT cp, date_trunc('hour', minute, 'UTC') AS hour FROM connector_minute
        WHERE minute >= first_hour AND minute < end_hour AND (chargers IS NULL OR cp = ANY (chargers))
        UNION
        SELECT cp, date_trunc('hour', minute, 'UTC') FROM charger_minute
        WHERE minute >= first_hour AND minute < end_hour AND (chargers IS NULL OR cp = ANY (chargers))
    ) AS t;
    PERFORM telemetry_keep_rollups(touched_cp, touched_at);
END
$fn$;

DO $$
BEGIN
    IF (SELECT continuous_aggregates FROM telemetry_storage) THEN
        RETURN;
    END IF;

    -- Before this migration every written hour and day was recomputed at once: all stored rows
    -- are complete, so each charger's watermark may start at the hour of its newest minute.
    INSERT INTO rollup_watermarks (cp, closed_until)
    SELECT cp, date_trunc('hour', max(minute), 'UTC')
    FROM (SELECT cp, minute FROM connector_minute UNION ALL SELECT cp, minute FROM charger_minute) AS m
    GROUP BY cp
    ON CONFLICT (cp) DO NOTHING;

    -- The live branches are bounded by the oldest watermark (an init plan, so partitions are
    -- pruned and the BRIN used) and then by each charger's own. Minutes written by hand are
    -- counted once telemetry_refresh_rollups has been run over them, as before this migration.
    CREATE OR REPLACE VIEW connector_rollup_hour AS
        SELECT h.bucket, h.cp, h.port, h.up_ms, h.down_ms, h.offline_ms, h.unknown_ms, h.minutes
        FROM connector_hour h JOIN rollup_watermarks w ON w.cp = h.cp
        WHERE h.bucket < w.closed_until
        UNION ALL
        SELECT date_trunc('hour', m.minute, 'UTC'), m.cp, m.port, sum(m.up_ms)::bigint, sum(m.down_ms)::bigint,
               sum(m.offline_ms)::bigint, sum(m.unknown_ms)::bigint, count(*)
        FROM connector_minute m LEFT JOIN rollup_watermarks w ON w.cp = m.cp
        WHERE m.minute >= coalesce(w.closed_until, '-infinity')
          AND m.minute >= coalesce((SELECT min(closed_until) FROM rollup_watermarks), '-infinity')
        GROUP BY 1, 2, 3;
    CREATE OR REPLACE VIEW charger_rollup_hour AS
        SELECT h.bucket, h.cp, h.up_ms, h.down_ms, h.offline_ms, h.unknown_ms, h.minutes
        FROM charger_hour h JOIN rollup_watermarks w ON w.cp = h.cp
        WHERE h.bucket < w.closed_until
        UNION ALL
        SELECT date_trunc('hour', m.minute, 'UTC'), m.cp, sum(m.up_ms)::bigint, sum(m.down_ms)::bigint,
               sum(m.offline_ms)::bigint, sum(m.unknown_ms)::bigint, count(*)
        FROM charger_minute m LEFT JOIN rollup_watermarks w ON w.cp = m.cp
        WHERE m.minute >= coalesce(w.closed_until, '-infinity')
          AND m.minute >= coalesce((SELECT min(closed_until) FROM rollup_watermarks), '-infinity')
        GROUP BY 1, 2;
    CREATE OR REPLACE VIEW connector_rollup_day AS
        SELECT d.bucket, d.cp, d.port, d.up_ms, d.down_ms, d.offline_ms, d.unknown_ms, d.minutes
        FROM connector_day d JOIN rollup_watermarks w ON w.cp = d.cp
        WHERE d.bucket < date_trunc('day', w.closed_until, 'UTC')
        UNION ALL
        SELECT date_trunc('day', h.bucket, 'UTC'), h.cp, h.port, sum(h.up_ms)::bigint, sum(h.down_ms)::bigint,
               sum(h.offline_ms)::bigint, sum(h.unknown_ms)::bigint, sum(h.minutes)::bigint
        FROM connector_rollup_hour h LEFT JOIN rollup_watermarks w ON w.cp = h.cp
        WHERE h.bucket >= coalesce(date_trunc('day', w.closed_until, 'UTC'), '-infinity')
          AND h.bucket >= coalesce(date_trunc('day', (SELECT min(closed_until) FROM rollup_watermarks), 'UTC'), '-infinity')
        GROUP BY 1, 2, 3;
    CREATE OR REPLACE VIEW charger_rollup_day AS
        SELECT d.bucket, d.cp, d.up_ms, d.down_ms, d.offline_ms, d.unknown_ms, d.minutes
        FROM charger_day d JOIN rollup_watermarks w ON w.cp = d.cp
        WHERE d.bucket < date_trunc('day', w.closed_until, 'UTC')
        UNION ALL
        SELECT date_trunc('day', h.bucket, 'UTC'), h.cp, sum(h.up_ms)::bigint, sum(h.down_ms)::bigint,
               sum(h.offline_ms)::bigint, sum(h.unknown_ms)::bigint, sum(h.minutes)::bigint
        FROM charger_rollup_hour h LEFT JOIN rollup_watermarks w ON w.cp = h.cp
        WHERE h.bucket >= coalesce(date_trunc('day', w.closed_until, 'UTC'), '-infinity')
          AND h.bucket >= coalesce(date_trunc('day', (SELECT min(closed_until) FROM rollup_watermarks), 'UTC'), '-infinity')
        GROUP BY 1, 2;
END
$$;
