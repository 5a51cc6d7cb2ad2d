-- Head office's first schema: the branches and their shipped event logs.
CREATE TABLE branches (
    branch_id      text PRIMARY KEY,
    name_zh        text NOT NULL DEFAULT '',
    name_en        text NOT NULL DEFAULT '',
    timezone       text NOT NULL DEFAULT 'Asia/Shanghai',
    service_levels jsonb NOT NULL DEFAULT '{}',   -- service code -> minutes (the branch file's)
    log_id         text NOT NULL DEFAULT '',      -- the log the branch ships now
    shipped_seq    bigint NOT NULL DEFAULT 0,     -- the last event of that log head office holds
    head_seq       bigint NOT NULL DEFAULT 0,     -- the branch's last event when it last reported
    last_event_at  timestamptz,
    reported_at    timestamptz,
    first_seen     timestamptz NOT NULL DEFAULT now()
);

-- One row per branch event, exactly once: (branch, log, sequence number) is the key every replay hits.
CREATE TABLE events (
    branch_id   text NOT NULL,
    log_id      text NOT NULL,
    seq         bigint NOT NULL,
    at          timestamptz NOT NULL,
    day         date NOT NULL,                   -- the branch's business day of the event
    kind        text NOT NULL,
    data        jsonb NOT NULL,                  -- the event as the branch let it leave (no personal data)
    digest      text NOT NULL,
    received_at timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (branch_id, log_id, seq)
);

-- The reports read a period for all branches, or one branch's period; retention deletes by day.
CREATE INDEX events_day_branch ON events (day, branch_id);
CREATE INDEX events_branch_day ON events (branch_id, day);
