-- Detector checkpoints name the topic their offset belongs to and the format of their state, so
-- a worker restores only state it can read, for the partition it was assigned. Nothing wrote
-- checkpoints before this migration: rows without a topic cannot be told apart and are dropped.

DELETE FROM detector_checkpoints;

ALTER TABLE detector_checkpoints
    ADD COLUMN topic          text    NOT NULL,
    ADD COLUMN format_version integer NOT NULL CHECK (format_version > 0),
    ADD CONSTRAINT detector_checkpoints_offset_check CHECK ("offset" >= 0),
    DROP CONSTRAINT detector_checkpoints_pkey,
    ADD PRIMARY KEY (group_id, topic, partition, "offset");
