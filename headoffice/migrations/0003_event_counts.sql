-- Events held per branch and log, kept up to date by the inserts and deletes themselves, so `fenliu hq
-- status` reads one small row per branch instead of counting millions of events.
CREATE TABLE event_counts (
    branch_id text NOT NULL,
    log_id    text NOT NULL,
    events    bigint NOT NULL DEFAULT 0,
    PRIMARY KEY (branch_id, log_id)
);

INSERT INTO event_counts (branch_id, log_id, events)
SELECT branch_id, log_id, count(*) FROM events GROUP BY branch_id, log_id;

-- Statement-level, over the statement's rows: one upsert per shipped batch, not one per event. For the
-- shipper's INSERT ... ON CONFLICT DO UPDATE, the inserted rows are only those new (a replay adds 0).
-- SECURITY DEFINER: a branch login (bound by row-level security on events) needs no rights on this table.
CREATE FUNCTION event_counts_inserted() RETURNS trigger LANGUAGE plpgsql SECURITY DEFINER
SET search_path = pg_catalog, public AS $$
BEGIN
    INSERT INTO event_counts AS c (branch_id, log_id, events)
    SELECT branch_id, log_id, count(*) FROM inserted_rows GROUP BY branch_id, log_id
    ON CONFLICT (branch_id, log_id) DO UPDATE SET events = c.events + EXCLUDED.events;
    RETURN NULL;
END $$;

CREATE FUNCTION event_counts_deleted() RETURNS trigger LANGUAGE plpgsql SECURITY DEFINER
SET search_path = pg_catalog, public AS $$
BEGIN
    UPDATE event_counts AS c SET events = c.events - d.n
      FROM (SELECT branch_id, log_id, count(*) AS n FROM deleted_rows GROUP BY branch_id, log_id) AS d
     WHERE c.branch_id = d.branch_id AND c.log_id = d.log_id;
    RETURN NULL;
END $$;

CREATE TRIGGER events_counted_on_insert AFTER INSERT ON events REFERENCING NEW TABLE AS inserted_rows
    FOR EACH STATEMENT EXECUTE FUNCTION event_counts_inserted();
CREATE TRIGGER events_counted_on_delete AFTER DELETE ON events REFERENCING OLD TABLE AS deleted_rows
    FOR EACH STATEMENT EXECUTE FUNCTION event_counts_deleted();
