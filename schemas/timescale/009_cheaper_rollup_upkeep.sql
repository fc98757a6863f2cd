-- Cheaper hour/day upkeep on plain PostgreSQL; same results as 007's telemetry_keep_rollups.
--   * Closing an hour joins thousands of chargers' ranges to an hour of minutes (over a million
--     rows for 10,000 chargers). With nested loops off the planner chose a merge join, sorting
--     the hour's minutes on disk (default work_mem), and compiled the statement with JIT (half a
--     second per call): merge joins are off too, so the small list of ranges is hashed and the
--     minutes stream past it once; JIT is off, and work_mem is raised for the function only.
--   * The watermarks are upserted only for chargers whose watermark moves or is new, not for
--     every charger the batch touched.
-- The rows still locked FOR UPDATE are those of the batch's chargers, as before: two writers of
-- one charger still take turns.
CREATE OR REPLACE FUNCTION telemetry_keep_rollups(chargers text[], hours timestamptz[])
RETURNS void
LANGUAGE plpgsql
SET enable_nestloop = off
SET enable_mergejoin = off
SET jit = off
SET work_mem = '64MB'
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

    -- Only the watermarks that move: most batches write into their chargers' open hours, and
    -- an upsert of every touched charger would lock (and log) thousands of unchanged rows.
    INSERT INTO rollup_watermarks AS w (cp, closed_until)
    SELECT t.cp, max(t.hour) FROM unnest(chargers, hours) AS t(cp, hour)
    LEFT JOIN rollup_watermarks o USING (cp)
    GROUP BY t.cp, o.closed_until
    HAVING o.closed_until IS NULL OR max(t.hour) > o.closed_until
    ON CONFLICT (cp) DO UPDATE SET closed_until = EXCLUDED.closed_until
    WHERE w.closed_until < EXCLUDED.closed_until;
END
$fn$;
