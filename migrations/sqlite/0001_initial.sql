-- 0001: workspaces, the tool catalog, the update and event logs.
-- Times are UTC ISO-8601 text with milliseconds, e.g. 2026-11-22T10:15:30.123Z.

CREATE TABLE meta (
  key   TEXT PRIMARY KEY,
  value TEXT NOT NULL
) WITHOUT ROWID;

-- One row per project. `code` is a short unique slug usable wherever an id is;
-- `uid` is a random stable identity that survives export and import.
-- AUTOINCREMENT: the id of a deleted workspace is never given to another.
CREATE TABLE workspaces (
  id          INTEGER PRIMARY KEY AUTOINCREMENT,
  uid         TEXT NOT NULL UNIQUE DEFAULT (lower(hex(randomblob(16)))),
  code        TEXT NOT NULL UNIQUE CHECK (length(code) BETWEEN 1 AND 64),
  name        TEXT NOT NULL CHECK (length(name) > 0),
  path        TEXT UNIQUE CHECK (path IS NULL OR length(path) > 0),
  description TEXT,
  metadata    TEXT NOT NULL DEFAULT '{}'
              CHECK (json_valid(metadata) AND json_type(metadata) = 'object'),
  created_at  TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')),
  updated_at  TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now'))
);

-- The tool catalog, seeded from catalog/*.json when its hash (meta.catalog_hash)
-- changes, so agents can query tools, actions and parameters.
CREATE TABLE tools (
  name          TEXT PRIMARY KEY,
  title         TEXT NOT NULL,
  description   TEXT NOT NULL,
  output_schema TEXT CHECK (output_schema IS NULL OR json_valid(output_schema))
);

CREATE TABLE tool_actions (
  id          INTEGER PRIMARY KEY,
  tool_name   TEXT NOT NULL REFERENCES tools(name) ON DELETE CASCADE ON UPDATE CASCADE,
  name        TEXT NOT NULL,
  description TEXT NOT NULL,
  read_only   INTEGER NOT NULL CHECK (read_only IN (0, 1)),
  destructive INTEGER NOT NULL CHECK (destructive IN (0, 1)),
  idempotent  INTEGER NOT NULL CHECK (idempotent IN (0, 1)),
  example     TEXT CHECK (example IS NULL OR json_valid(example)),
  UNIQUE (tool_name, name)
);

CREATE TABLE tool_action_params (
  id            INTEGER PRIMARY KEY,
  action_id     INTEGER NOT NULL REFERENCES tool_actions(id) ON DELETE CASCADE,
  name          TEXT NOT NULL,
  position      INTEGER NOT NULL,
  type          TEXT NOT NULL CHECK (json_valid(type)),  -- JSON array of JSON type names
  required      INTEGER NOT NULL CHECK (required IN (0, 1)),
  description   TEXT NOT NULL,
  enum_values   TEXT CHECK (enum_values IS NULL OR json_valid(enum_values)),
  default_value TEXT CHECK (default_value IS NULL OR json_valid(default_value)),
  UNIQUE (action_id, name)
);

-- Who changed what: one row per change, written in the change's transaction.
CREATE TABLE update_log (
  id           INTEGER PRIMARY KEY,
  workspace_id INTEGER REFERENCES workspaces(id) ON DELETE SET NULL,
  entity_kind  TEXT NOT NULL,
  entity_id    INTEGER,
  action       TEXT NOT NULL,
  agent        TEXT,
  session_id   TEXT,
  before_json  TEXT CHECK (before_json IS NULL OR json_valid(before_json)),
  after_json   TEXT CHECK (after_json IS NULL OR json_valid(after_json)),
  created_at   TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now'))
);
CREATE INDEX idx_update_log_workspace ON update_log (workspace_id, id);
CREATE INDEX idx_update_log_entity ON update_log (entity_kind, entity_id, id);

-- Events agents and the server report (seed 004's MCPEvents).
CREATE TABLE event_log (
  id           INTEGER PRIMARY KEY,
  workspace_id INTEGER REFERENCES workspaces(id) ON DELETE SET NULL,
  event_type   TEXT NOT NULL,
  data         TEXT NOT NULL DEFAULT '{}' CHECK (json_valid(data)),
  created_at   TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now'))
);
CREATE INDEX idx_event_log_created ON event_log (created_at);
CREATE INDEX idx_event_log_workspace ON event_log (workspace_id, created_at);
