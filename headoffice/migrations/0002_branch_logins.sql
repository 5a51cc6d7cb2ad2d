-- Each branch signs in as its own PostgreSQL login and may touch only its own rows (row-level security).
-- The owner of the tables (who runs `fenliu hq migrate`, `status`, `report`, `prune`) is not bound by it.
CREATE TABLE branch_logins (
    login     text PRIMARY KEY,   -- a PostgreSQL role a branch host signs in as
    branch_id text NOT NULL
);

ALTER TABLE events ENABLE ROW LEVEL SECURITY;
ALTER TABLE branches ENABLE ROW LEVEL SECURITY;

CREATE POLICY own_events ON events
    USING (branch_id IN (SELECT l.branch_id FROM branch_logins l WHERE l.login = current_user))
    WITH CHECK (branch_id IN (SELECT l.branch_id FROM branch_logins l WHERE l.login = current_user));

CREATE POLICY own_branch ON branches
    USING (branch_id IN (SELECT l.branch_id FROM branch_logins l WHERE l.login = current_user))
    WITH CHECK (branch_id IN (SELECT l.branch_id FROM branch_logins l WHERE l.login = current_user));
