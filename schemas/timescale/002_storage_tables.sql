-- The tables behind DESIGN §2.3/2.4: charger rollups, sessions, outages, signals, incidents,
-- commands, inventory, exclusions, consumer offsets and detector checkpoints. Every unique key
-- of a time-series table holds its time column, as TimescaleDB requires of hypertables.
--
-- Which storage a database gets is decided here, once, and recorded in telemetry_storage:
--   TimescaleDB present:  hypertables (chunk interval from the telemetry.chunk_interval
--                         setting, default 1 day);
--   plain PostgreSQL:     the 1-minute rollup tables range-partitioned by day, partitions
--                         created ahead by telemetry_ensure_partitions; BRIN on time elsewhere.

CREATE TABLE telemetry_storage (
    singleton               boolean PRIMARY KEY DEFAULT TRUE CHECK (singleton),
    timescale               boolean NOT NULL,
    -- Continuous aggregates and policies need TimescaleDB's Community licence ('timescale').
    continuous_aggregates   boolean NOT NULL
);

-- Charging sessions with the fields of 23 CFR 680.112(c); session ids are the charger's own
-- (OCPP transactionId), unique per charger only.
CREATE TABLE sessions (
    session_id      text             NOT NULL,
    cp              text             NOT NULL,
    port            smallint         NOT NULL,
    start_time      timestamptz      NOT NULL,
    end_time        timestamptz,
    energy_kwh      double precision,
    peak_kw         double precision,
    stop_reason     text,
    auth_status     text,
    auth_method     text,
    error_codes     text[]           NOT NULL DEFAULT '{}',
    successful      boolean,
    PRIMARY KEY (cp, session_id, start_time)
);

-- One maximal down period of a port (outages.csv); end_time is null while it is open.
CREATE TABLE outages (
    cp          text        NOT NULL,
    port        smallint    NOT NULL,
    start_time  timestamptz NOT NULL,
    end_time    timestamptz,
    cause       text        NOT NULL,
    PRIMARY KEY (cp, port, start_time),
    CHECK (end_time IS NULL OR end_time >= start_time)
);

-- Detector signals (uptime.signals). A key column cannot be null, so a signal about no
-- particular port (charger, site or fleet scope) stores port -1.
CREATE TABLE signals (
    ts          timestamptz NOT NULL,
    type        text        NOT NULL,
    state       text        NOT NULL CHECK (state IN ('raised', 'cleared')),
    cp          text        NOT NULL,
    port        smallint    NOT NULL DEFAULT -1,
    scope       text        NOT NULL CHECK (scope IN ('connector', 'charger', 'site', 'fleet')),
    site        text,
    evidence    jsonb       NOT NULL DEFAULT '{}',
    PRIMARY KEY (cp, type, port, state, ts)
);

-- Incident state as last known; its history is incident_events.
CREATE TABLE incidents (
    incident_id text        NOT NULL,
    opened_at   timestamptz NOT NULL,
    updated_at  timestamptz NOT NULL,
    resolved_at timestamptz,
    status      text        NOT NULL,
    scope       text        NOT NULL,
    cause       text        NOT NULL,
    recovery    text,
    owner       text,
    cp          text,
    site        text,
    PRIMARY KEY (incident_id, opened_at)
);

-- Incident lifecycle as CloudEvents 1.0 (uptime.incidents): id, type and time are the
-- envelope's; the rest repeats the data fields that reports filter on.
CREATE TABLE incident_events (
    id          text        NOT NULL,
    type        text        NOT NULL,
    time        timestamptz NOT NULL,
    incident_id text        NOT NULL,
    scope       text        NOT NULL,
    cause       text        NOT NULL,
    recovery    text,
    owner       text,
    data        jsonb       NOT NULL,
    PRIMARY KEY (id, time)
);

-- Remote-recovery requests for the CSMS (uptime.commands), keyed by their idempotency key.
CREATE TABLE commands (
    idempotency_key text        NOT NULL,
    time            timestamptz NOT NULL,
    cp              text        NOT NULL,
    port            smallint,
    action          text        NOT NULL,
    guardrail       text        NOT NULL,
    incident_id     text,
    payload         jsonb       NOT NULL DEFAULT '{}',
    PRIMARY KEY (idempotency_key, time)
);

-- The operator's inventory (DESIGN §2.3 inventory CSV / telemetry.inventory topic).
CREATE TABLE inventory (
    cp              text        PRIMARY KEY,
    site            text        NOT NULL,
    vendor          text,
    model           text,
    firmware        text,
    connectors      integer,
    commissioned    timestamptz,
    decommissioned  timestamptz,
    updated_at      timestamptz NOT NULL DEFAULT now()
);

-- Periods excluded from uptime (23 CFR 680.116(b)(2)); the scope column says which of
-- cp/port/site identify the excluded equipment.
CREATE TABLE exclusions (
    id          bigint      GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    scope       text        NOT NULL CHECK (scope IN ('port', 'charger', 'site')),
    cp          text,
    port        smallint,
    site        text,
    from_time   timestamptz NOT NULL,
    to_time     timestamptz NOT NULL,
    reason      text        NOT NULL
                CHECK (reason IN ('maintenance', 'utility', 'vandalism', 'disaster', 'hours', 'vehicle')),
    note        text,
    created_at  timestamptz NOT NULL DEFAULT now(),
    CHECK (to_time > from_time),
    CHECK (CASE scope
               WHEN 'port' THEN cp IS NOT NULL AND port IS NOT NULL
               WHEN 'charger' THEN cp IS NOT NULL AND port IS NULL
               ELSE site IS NOT NULL AND cp IS NULL AND port IS NULL
           END)
);
CREATE INDEX exclusions_cp ON exclusions (cp, from_time);
CREATE INDEX exclusions_site ON exclusions (site, from_time);

-- Where each consumer group resumes: committed in the same transaction as the rows it
-- produced, so the database never holds rows without their offsets or the reverse.
CREATE TABLE consumer_offsets (
    group_id    text        NOT NULL,
    topic       text        NOT NULL,
    partition   integer     NOT NULL,
    next_offset bigint      NOT NULL CHECK (next_offset >= 0),
    updated_at  timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (group_id, topic, partition)
);

-- Detector state snapshots: a restarted worker loads the latest and replays from its offset.
CREATE TABLE detector_checkpoints (
    group_id    text        NOT NULL,
    partition   integer     NOT NULL,
    "offset"    bigint      NOT NULL,
    state       bytea       NOT NULL,
    taken_at    timestamptz NOT NULL,
    PRIMARY KEY (group_id, partition, "offset")
);

-- Creates the missing daily partitions of a day-partitioned table for [from_time, to_time],
-- UTC days, named <table>_pYYYYMMDD; returns how many it created. A no-op on tables that are
-- not partitioned (hypertables chunk themselves). Concurrent callers serialise on an advisory
-- lock per table and re-check, so each partition is created once.
CREATE FUNCTION telemetry_ensure_partitions(parent regclass, from_time timestamptz, to_time timestamptz)
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
                EXECUTE format(
                    'CREATE TABLE %I PARTITION OF %s FOR VALUES FROM (%L) TO (%L)',
                    partition, parent, day AT TIME ZONE 'UTC', (day + INTERVAL '1 day') AT TIME ZONE 'UTC');
                created := created + 1;
            END IF;
        END IF;
        day := day + INTERVAL '1 day';
    END LOOP;
    RETURN created;
END
$fn$;

DO $$
DECLARE
    has_timescale   boolean := EXISTS (SELECT FROM pg_extension WHERE extname = 'timescaledb');
    community       boolean := coalesce(current_setting('timescaledb.license', true), '') = 'timescale';
    chunk           interval := coalesce(nullif(current_setting('telemetry.chunk_interval', true), ''), '1 day')::interval;
    first_minute    timestamptz;
    last_minute     timestamptz;
    hypertable      record;
BEGIN
    INSERT INTO telemetry_storage (timescale, continuous_aggregates) VALUES (has_timescale, has_timescale AND community);

    -- 1-minute rollup per charger: the same split as connector_minute, for the charger as a
    -- whole. Partitioned by day without TimescaleDB; a hypertable cannot be partitioned.
    EXECUTE format($sql$
        CREATE TABLE charger_minute (
            minute      timestamptz NOT NULL,
            cp          text        NOT NULL,
            up_ms       integer     NOT NULL,
            down_ms     integer     NOT NULL,
            offline_ms  integer     NOT NULL,
            unknown_ms  integer     NOT NULL,
            PRIMARY KEY (cp, minute)
        ) %s $sql$, CASE WHEN has_timescale THEN '' ELSE 'PARTITION BY RANGE (minute)' END);

    IF has_timescale THEN
        -- Dynamic SQL keeps this file valid on servers without the extension's functions.
        -- connector_minute is a hypertable already unless 001 ran before the extension was
        -- installed; migrate_data converts it then.
        FOR hypertable IN
            SELECT * FROM (VALUES ('connector_minute', 'minute'), ('charger_minute', 'minute'),
                                  ('sessions', 'start_time'), ('outages', 'start_time'), ('signals', 'ts'),
                                  ('incident_events', 'time'), ('commands', 'time')) AS t(name, time_column)
        LOOP
            EXECUTE format(
                'SELECT create_hypertable(%L, by_range(%L, %L::interval), if_not_exists => TRUE, migrate_data => TRUE)',
                hypertable.name, hypertable.time_column, chunk);
        END LOOP;
        EXECUTE format('SELECT set_chunk_time_interval(%L, %L::interval)', 'connector_minute', chunk);
    ELSE
        -- connector_minute (001) is a plain table here: rebuild it partitioned, keeping its rows.
        IF (SELECT relkind FROM pg_class WHERE oid = 'connector_minute'::regclass) = 'r' THEN
            ALTER TABLE connector_minute RENAME TO connector_minute_unpartitioned;
            ALTER TABLE connector_minute_unpartitioned RENAME CONSTRAINT connector_minute_pkey TO connector_minute_unpartitioned_pkey;
            DROP INDEX IF EXISTS connector_minute_minute_brin;
            CREATE TABLE connector_minute (
                minute      timestamptz NOT NULL,
                cp          text        NOT NULL,
                port        smallint    NOT NULL,
                up_ms       integer     NOT NULL,
                down_ms     integer     NOT NULL,
                offline_ms  integer     NOT NULL,
                unknown_ms  integer     NOT NULL,
                PRIMARY KEY (cp, port, minute)
            ) PARTITION BY RANGE (minute);
            SELECT min(minute), max(minute) INTO first_minute, last_minute FROM connector_minute_unpartitioned;
            IF first_minute IS NOT NULL THEN
                PERFORM telemetry_ensure_partitions('connector_minute', first_minute, last_minute);
                INSERT INTO connector_minute SELECT minute, cp, port, up_ms, down_ms, offline_ms, unknown_ms
                FROM connector_minute_unpartitioned;
            END IF;
            DROP TABLE connector_minute_unpartitioned;
        END IF;

        -- Rows arrive roughly in time order: BRIN serves time-range scans at a tiny size.
        CREATE INDEX connector_minute_minute_brin ON connector_minute USING brin (minute);
        CREATE INDEX charger_minute_minute_brin ON charger_minute USING brin (minute);
        CREATE INDEX sessions_start_brin ON sessions USING brin (start_time);
        CREATE INDEX outages_start_brin ON outages USING brin (start_time);
        CREATE INDEX signals_ts_brin ON signals USING brin (ts);
        CREATE INDEX incident_events_time_brin ON incident_events USING brin (time);
        CREATE INDEX commands_time_brin ON commands USING brin (time);
    END IF;
END
$$;
