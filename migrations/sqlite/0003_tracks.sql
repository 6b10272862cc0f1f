-- 0003: tracks — goal-oriented streams of work inside a workspace (seed 000).
-- Added after plans exist, so existing databases upgrade in place: plans gain a
-- nullable track that deleting the track sets back to null.

CREATE TABLE tracks (
  id           INTEGER PRIMARY KEY AUTOINCREMENT,
  workspace_id INTEGER NOT NULL REFERENCES workspaces(id) ON DELETE CASCADE,
  name         TEXT NOT NULL CHECK (length(name) > 0),
  description  TEXT,
  goal         TEXT,
  color        TEXT CHECK (color IS NULL OR color GLOB '#[0-9A-Fa-f][0-9A-Fa-f][0-9A-Fa-f][0-9A-Fa-f][0-9A-Fa-f][0-9A-Fa-f]'),
  icon         TEXT,
  sort_order   INTEGER NOT NULL DEFAULT 0,
  created_at   TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')),
  updated_at   TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')),
  UNIQUE (workspace_id, name)
);
CREATE INDEX idx_tracks_workspace ON tracks (workspace_id, sort_order);

ALTER TABLE plans ADD COLUMN track_id INTEGER REFERENCES tracks(id) ON DELETE SET NULL;
CREATE INDEX idx_plans_track ON plans (track_id) WHERE track_id IS NOT NULL;
