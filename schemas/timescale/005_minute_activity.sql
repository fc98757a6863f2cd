-- What happened in each minute besides its time split, and the minute's health score
-- (docs/storage.md, docs/contracts.md "Health score"): connector_minute and charger_minute gain
-- the excluded time, activity counters and health. ADD COLUMN reaches every partition of the
-- partitioned tables and every chunk of the hypertables alike; constant defaults keep existing
-- rows (and writers of the time split alone) valid without rewriting them.
-- Excluded time is outage time inside an exclusion window: up + down + excluded + unknown =
-- 60,000 for rows written from this version on; older rows have excluded_ms = 0.
-- health is NULL for rows written before the engine computed it.
ALTER TABLE connector_minute
    ADD COLUMN excluded_ms        integer  NOT NULL DEFAULT 0,
    ADD COLUMN status_changes     integer  NOT NULL DEFAULT 0,
    ADD COLUMN sessions_started   integer  NOT NULL DEFAULT 0,
    ADD COLUMN sessions_succeeded integer  NOT NULL DEFAULT 0,
    ADD COLUMN sessions_failed    integer  NOT NULL DEFAULT 0,
    ADD COLUMN energy_wh          integer  NOT NULL DEFAULT 0,
    ADD COLUMN peak_power_w       integer  NOT NULL DEFAULT 0,
    ADD COLUMN alarms_raised      integer  NOT NULL DEFAULT 0,
    ADD COLUMN health             smallint;

ALTER TABLE charger_minute
    ADD COLUMN excluded_ms        integer  NOT NULL DEFAULT 0,
    ADD COLUMN status_changes     integer  NOT NULL DEFAULT 0,
    ADD COLUMN sessions_started   integer  NOT NULL DEFAULT 0,
    ADD COLUMN sessions_succeeded integer  NOT NULL DEFAULT 0,
    ADD COLUMN sessions_failed    integer  NOT NULL DEFAULT 0,
    ADD COLUMN energy_wh          integer  NOT NULL DEFAULT 0,
    ADD COLUMN peak_power_w       integer  NOT NULL DEFAULT 0,
    ADD COLUMN alarms_raised      integer  NOT NULL DEFAULT 0,
    ADD COLUMN boots_planned      integer  NOT NULL DEFAULT 0,
    ADD COLUMN boots_unplanned    integer  NOT NULL DEFAULT 0,
    ADD COLUMN disconnects        integer  NOT NULL DEFAULT 0,
    ADD COLUMN unanswered_calls   integer  NOT NULL DEFAULT 0,
    ADD COLUMN health             smallint;
