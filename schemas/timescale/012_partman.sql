-- Plain PostgreSQL with pg_partman 4.x (Debian's postgresql-15-partman): the day-partitioned
-- tables are registered with it, so that its maintenance (run_maintenance, run_maintenance_proc
-- or its background worker) creates days ahead even while no batch arrives. The engine keeps
-- creating the days its batches need (telemetry_ensure_partitions); both use the same names,
-- <table>_pYYYYMMDD for the UTC day, so whichever comes first creates a day and the other finds
-- it. Without the extension, or under TimescaleDB, nothing changes.
--
-- Migrations run once: after installing pg_partman later, SELECT telemetry_register_partman().

CREATE FUNCTION telemetry_register_partman()
RETURNS integer
LANGUAGE plpgsql
-- pg_partman computes day bounds and names in the session's time zone; the engine's are UTC.
SET timezone = 'UTC'
AS $fn$
DECLARE
    premake         integer := coalesce(nullif(current_setting('telemetry.partman_premake', true), ''), '4')::integer;
    partman         text;
    parent          regclass;
    parent_name     text;
    qualified       text;
    known           boolean;
    had_default     boolean;
    child           record;
    registered      integer := 0;
BEGIN
    IF (SELECT timescale FROM telemetry_storage) THEN
        RETURN 0;
    END IF;

    SELECT n.nspname INTO partman
    FROM pg_extension e JOIN pg_namespace n ON n.oid = e.extnamespace
    WHERE e.extname = 'pg_partman';
    IF partman IS NULL THEN
        IF NOT EXISTS (SELECT FROM pg_available_extensions WHERE name = 'pg_partman') THEN
            RAISE NOTICE 'pg_partman is not available on this server: the engine alone creates the day partitions';
            RETURN 0;
        END IF;
        BEGIN
            CREATE SCHEMA IF NOT EXISTS partman;
            CREATE EXTENSION pg_partman SCHEMA partman;
        EXCEPTION WHEN insufficient_privilege THEN
            RAISE NOTICE 'pg_partman not installed: the migrating role may not create it (a superuser may: CREATE SCHEMA partman; CREATE EXTENSION pg_partman SCHEMA partman; then SELECT telemetry_register_partman())';
            RETURN 0;
        END;
        partman := 'partman';
    END IF;

    FOREACH parent_name IN ARRAY ARRAY['connector_minute', 'charger_minute'] LOOP
        parent := to_regclass(quote_ident(parent_name));
        CONTINUE WHEN parent IS NULL OR (SELECT relkind FROM pg_class WHERE oid = parent) <> 'p';
        qualified := (SELECT format('%s.%s', n.nspname, c.relname)
                      FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace WHERE c.oid = parent);
        EXECUTE format('SELECT EXISTS (SELECT FROM %I.part_config WHERE parent_table = $1)', partman)
            INTO known USING qualified;
        CONTINUE WHEN known;

        had_default := EXISTS (SELECT FROM pg_inherits i JOIN pg_class c ON c.oid = i.inhrelid
                               WHERE i.inhparent = parent AND pg_get_expr(c.relpartbound, c.oid) = 'DEFAULT');

        -- create_parent creates the days around now named <table>_pYYYY_MM_DD and skips a day
        -- only when a table of that name exists: the engine's days take that name meanwhile, or
        -- their ranges would collide with its new ones.
        FOR child IN
            SELECT c.oid, right(c.relname, 8) AS day
            FROM pg_inherits i JOIN pg_class c ON c.oid = i.inhrelid
            WHERE i.inhparent = parent AND c.relname ~ ('^' || parent_name || '_p[0-9]{8}$')
        LOOP
            EXECUTE format('ALTER TABLE %s RENAME TO %I', child.oid::regclass,
                           format('%s_p%s_%s_%s', parent_name, left(child.day, 4), substr(child.day, 5, 2), right(child.day, 2)));
        END LOOP;

        EXECUTE format(
            'SELECT %I.create_parent(p_parent_table => %L, p_control => %L, p_type => %L, p_interval => %L, p_premake => %s, p_jobmon => false)',
            partman, qualified, 'minute', 'native', 'daily', premake);
        -- From now on pg_partman names new days the engine's way; premake counts from now, not
        -- from the newest row, so days are made ahead while no data arrives.
        EXECUTE format('UPDATE %I.part_config SET datetime_string = %L, infinite_time_partitions = TRUE WHERE parent_table = %L',
                       partman, 'YYYYMMDD', qualified);

        FOR child IN
            SELECT c.oid, right(c.relname, 10) AS day
            FROM pg_inherits i JOIN pg_class c ON c.oid = i.inhrelid
            WHERE i.inhparent = parent AND c.relname ~ ('^' || parent_name || '_p[0-9]{4}_[0-9]{2}_[0-9]{2}$')
        LOOP
            EXECUTE format('ALTER TABLE %s RENAME TO %I', child.oid::regclass,
                           format('%s_p%s', parent_name, replace(child.day, '_', '')));
        END LOOP;

        -- create_parent adds a default partition; a row for a day without a partition is
        -- refused here instead of being kept where no query expects it.
        IF NOT had_default THEN
            FOR child IN
                SELECT c.oid FROM pg_inherits i JOIN pg_class c ON c.oid = i.inhrelid
                WHERE i.inhparent = parent AND pg_get_expr(c.relpartbound, c.oid) = 'DEFAULT'
            LOOP
                EXECUTE format('DROP TABLE %s', child.oid::regclass);
            END LOOP;
        END IF;
        registered := registered + 1;
    END LOOP;

    -- Maintenance runs in whatever time zone its session has (the background worker's is the
    -- server's); in UTC its days and names are the engine's. Set again on every call, since
    -- updating the extension replaces its functions.
    BEGIN
        EXECUTE format('ALTER FUNCTION %I.run_maintenance(text, boolean, boolean) SET timezone = %L', partman, 'UTC');
    EXCEPTION WHEN insufficient_privilege THEN
        RAISE NOTICE 'pg_partman''s run_maintenance belongs to another role: run its maintenance in UTC sessions (its days would otherwise not be the engine''s UTC days)';
    END;
    RETURN registered;
END
$fn$;

SELECT telemetry_register_partman();
