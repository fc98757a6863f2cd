-- One row per port per minute of event time: how the minute's 60,000 ms split between up,
-- down (of which offline) and unknown. Written by ConnectorRollupWriter with an upsert, so the
-- key is (cp, port, minute); TimescaleDB requires the time column in every unique key.
CREATE TABLE connector_minute (
    minute      timestamptz NOT NULL,
    cp          text        NOT NULL,
    port        smallint    NOT NULL,
    up_ms       integer     NOT NULL,
    down_ms     integer     NOT NULL,
    offline_ms  integer     NOT NULL,
    unknown_ms  integer     NOT NULL,
    PRIMARY KEY (cp, port, minute)
);

-- The same file runs with and without TimescaleDB. The extension can only be created when the
-- server preloads it, so "available" alone is not enough to take the hypertable branch.
DO $$
BEGIN
    IF EXISTS (SELECT 1 FROM pg_extension WHERE extname = 'timescaledb')
       OR (EXISTS (SELECT 1 FROM pg_available_extensions WHERE name = 'timescaledb')
           AND current_setting('shared_preload_libraries') LIKE '%timescaledb%')
    THEN
        CREATE EXTENSION IF NOT EXISTS timescaledb;
        -- Daily chunks: a day of minutes for a large fleet stays well within memory.
        PERFORM create_hypertable(
            'connector_minute',
            by_range('minute', INTERVAL '1 day'),
            if_not_exists => TRUE);
    ELSE
        -- Rows arrive in time order, so a BRIN index serves time-range scans at a tiny size.
        CREATE INDEX connector_minute_minute_brin ON connector_minute USING brin (minute);
    END IF;
END
$$;
