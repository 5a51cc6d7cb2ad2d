"""The host database's tables: one definition, for the live file, its backups and its monthly archives."""

SCHEMA = """
CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS tickets (id INTEGER PRIMARY KEY, day TEXT NOT NULL, state TEXT NOT NULL, data TEXT NOT NULL);
CREATE INDEX IF NOT EXISTS tickets_day ON tickets(day);
CREATE TABLE IF NOT EXISTS counters (id TEXT PRIMARY KEY, data TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS targets (code TEXT PRIMARY KEY, data TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS visits (id INTEGER PRIMARY KEY, day TEXT NOT NULL, data TEXT NOT NULL);
CREATE INDEX IF NOT EXISTS visits_day ON visits(day);
CREATE TABLE IF NOT EXISTS alerts (id INTEGER PRIMARY KEY, day TEXT NOT NULL, data TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS events (seq INTEGER PRIMARY KEY, at TEXT NOT NULL, kind TEXT NOT NULL, data TEXT NOT NULL);
CREATE INDEX IF NOT EXISTS events_at ON events(at);
CREATE TABLE IF NOT EXISTS audit (id INTEGER PRIMARY KEY AUTOINCREMENT, day TEXT NOT NULL, at TEXT NOT NULL,
    who TEXT NOT NULL, action TEXT NOT NULL, target TEXT NOT NULL, reason TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS leads (id INTEGER PRIMARY KEY AUTOINCREMENT, day TEXT NOT NULL, at TEXT NOT NULL,
    data TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS kiosk_blocks (id INTEGER PRIMARY KEY, day TEXT NOT NULL, kiosk TEXT NOT NULL,
    service TEXT NOT NULL, first INTEGER NOT NULL, last INTEGER NOT NULL, reserved_at TEXT NOT NULL);
CREATE INDEX IF NOT EXISTS kiosk_blocks_day ON kiosk_blocks(day);
CREATE TABLE IF NOT EXISTS kiosk_contacts (kiosk TEXT PRIMARY KEY, data TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS pin_state (staff TEXT PRIMARY KEY, data TEXT NOT NULL);
"""
SCHEMA_VERSION = 1  # PRAGMA user_version: 0 is a database of before versions were written (the same tables)
TABLES = ("meta", "tickets", "counters", "targets", "visits", "alerts", "events", "audit", "leads", "kiosk_blocks")
