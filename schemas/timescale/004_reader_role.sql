-- telemetry_reader: read-only access for Grafana and report tools. Created NOLOGIN; an
-- operator grants it to a login role (GRANT telemetry_reader TO grafana) or sets a password
-- and LOGIN. Roles belong to the whole cluster, so it may exist already, and a migrating role
-- without CREATEROLE leaves it to the operator.
DO $$
BEGIN
    IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = 'telemetry_reader') THEN
        BEGIN
            CREATE ROLE telemetry_reader NOLOGIN;
        EXCEPTION
            -- Another database of the cluster created it at the same moment.
            WHEN duplicate_object OR unique_violation THEN NULL;
            WHEN insufficient_privilege THEN
                RAISE NOTICE 'telemetry_reader not created: the migrating role lacks CREATEROLE';
        END;
    END IF;

    IF EXISTS (SELECT FROM pg_roles WHERE rolname = 'telemetry_reader') THEN
        -- CONNECT is usually granted to PUBLIC already; granting it again would rewrite the
        -- database's catalog row, which databases of one cluster migrating at once contend for.
        IF NOT has_database_privilege('telemetry_reader', current_database(), 'CONNECT') THEN
            EXECUTE format('GRANT CONNECT ON DATABASE %I TO telemetry_reader', current_database());
        END IF;
        -- The schema the tables were created in: the first of the migrating role's search_path.
        EXECUTE format('GRANT USAGE ON SCHEMA %I TO telemetry_reader', current_schema());
        EXECUTE format('GRANT SELECT ON ALL TABLES IN SCHEMA %I TO telemetry_reader', current_schema());
        -- Tables created later by this role (partitions, later migrations) are readable too.
        EXECUTE format('ALTER DEFAULT PRIVILEGES IN SCHEMA %I GRANT SELECT ON TABLES TO telemetry_reader', current_schema());
    END IF;
END
$$;
