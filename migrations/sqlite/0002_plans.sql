-- 0002: the work model — programs, plans, phases, steps, notes, requirements,
-- feedback, git links, short codes and the plan archive.
-- Status values are enforced here as well as in code (src/store/transitions.cpp),
-- so a row written by anything else is still checked.

-- Short codes (P12, T51, R7, FB3, PG2) are unique per workspace and allocated from
-- these counters inside the writing transaction, so concurrent processes never
-- collide.
CREATE TABLE code_counters (
  workspace_id INTEGER NOT NULL REFERENCES workspaces(id) ON DELETE CASCADE,
  prefix       TEXT NOT NULL,
  last_value   INTEGER NOT NULL DEFAULT 0,
  PRIMARY KEY (workspace_id, prefix)
) WITHOUT ROWID;

CREATE TABLE programs (
  id           INTEGER PRIMARY KEY AUTOINCREMENT,
  workspace_id INTEGER NOT NULL REFERENCES workspaces(id) ON DELETE CASCADE,
  code         TEXT NOT NULL,
  title        TEXT NOT NULL CHECK (length(title) > 0),
  description  TEXT,
  goal         TEXT,
  created_at   TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')),
  updated_at   TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')),
  UNIQUE (workspace_id, code)
);

-- A program is visible from other workspaces it is linked to.
CREATE TABLE program_workspace_links (
  program_id   INTEGER NOT NULL REFERENCES programs(id) ON DELETE CASCADE,
  workspace_id INTEGER NOT NULL REFERENCES workspaces(id) ON DELETE CASCADE,
  created_at   TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')),
  PRIMARY KEY (program_id, workspace_id)
) WITHOUT ROWID;
CREATE INDEX idx_program_links_workspace ON program_workspace_links (workspace_id);

CREATE TABLE plans (
  id              INTEGER PRIMARY KEY AUTOINCREMENT,
  workspace_id    INTEGER NOT NULL REFERENCES workspaces(id) ON DELETE CASCADE,
  code            TEXT NOT NULL,
  title           TEXT NOT NULL CHECK (length(title) > 0),
  description     TEXT,
  goal            TEXT,
  category        TEXT NOT NULL DEFAULT 'feature' CHECK (category IN
                    ('feature', 'bugfix', 'refactor', 'documentation', 'analysis',
                     'investigation', 'chore')),
  priority        TEXT NOT NULL DEFAULT 'medium' CHECK (priority IN
                    ('low', 'medium', 'high', 'critical')),
  status          TEXT NOT NULL DEFAULT 'draft' CHECK (status IN
                    ('draft', 'planned', 'active', 'paused', 'blocked', 'completed', 'cancelled')),
  tags            TEXT NOT NULL DEFAULT '[]' CHECK (json_valid(tags) AND json_type(tags) = 'array'),
  non_goals       TEXT NOT NULL DEFAULT '[]'
                    CHECK (json_valid(non_goals) AND json_type(non_goals) = 'array'),
  stop_conditions TEXT NOT NULL DEFAULT '[]'
                    CHECK (json_valid(stop_conditions) AND json_type(stop_conditions) = 'array'),
  estimate_hours  REAL CHECK (estimate_hours IS NULL OR estimate_hours >= 0),
  era             TEXT,
  program_id      INTEGER REFERENCES programs(id) ON DELETE SET NULL,
  is_backlog      INTEGER NOT NULL DEFAULT 0 CHECK (is_backlog IN (0, 1)),
  created_by      TEXT,
  created_at      TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')),
  updated_at      TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')),
  completed_at    TEXT,
  UNIQUE (workspace_id, code)
);
CREATE INDEX idx_plans_workspace_status ON plans (workspace_id, status);
CREATE INDEX idx_plans_program ON plans (program_id) WHERE program_id IS NOT NULL;
-- At most one backlog plan per workspace (where steps without a plan go).
CREATE UNIQUE INDEX idx_plans_backlog ON plans (workspace_id) WHERE is_backlog = 1;

CREATE TABLE phases (
  id          INTEGER PRIMARY KEY AUTOINCREMENT,
  plan_id     INTEGER NOT NULL REFERENCES plans(id) ON DELETE CASCADE,
  name        TEXT NOT NULL CHECK (length(name) > 0),
  order_index INTEGER NOT NULL,
  created_at  TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')),
  updated_at  TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now'))
);
CREATE INDEX idx_phases_plan_order ON phases (plan_id, order_index);

-- Steps carry plan_id and workspace_id besides phase_id so that "what is ready in
-- this workspace" is an index lookup, not a join through every phase.
CREATE TABLE steps (
  id                    INTEGER PRIMARY KEY AUTOINCREMENT,
  workspace_id          INTEGER NOT NULL REFERENCES workspaces(id) ON DELETE CASCADE,
  plan_id               INTEGER NOT NULL REFERENCES plans(id) ON DELETE CASCADE,
  phase_id              INTEGER NOT NULL REFERENCES phases(id) ON DELETE CASCADE,
  code                  TEXT NOT NULL,
  order_index           INTEGER NOT NULL,
  task                  TEXT NOT NULL CHECK (length(task) > 0),
  description           TEXT,
  type                  TEXT NOT NULL DEFAULT 'standard' CHECK (type IN
                          ('standard', 'analysis', 'research', 'planning', 'code', 'test', 'build',
                           'fix', 'refactor', 'documentation', 'validation', 'confirmation')),
  status                TEXT NOT NULL DEFAULT 'pending' CHECK (status IN
                          ('pending', 'in_progress', 'blocked', 'completed', 'cancelled')),
  priority              TEXT NOT NULL DEFAULT 'medium' CHECK (priority IN
                          ('low', 'medium', 'high', 'critical')),
  assignee              TEXT,
  inputs                TEXT NOT NULL DEFAULT '[]'
                          CHECK (json_valid(inputs) AND json_type(inputs) = 'array'),
  expected_outputs      TEXT NOT NULL DEFAULT '[]'
                          CHECK (json_valid(expected_outputs) AND json_type(expected_outputs) = 'array'),
  context_notes         TEXT,
  completion_notes      TEXT,
  blocked_reason        TEXT,
  generator_name        TEXT,
  requires_confirmation INTEGER NOT NULL DEFAULT 0 CHECK (requires_confirmation IN (0, 1)),
  estimate_hours        REAL CHECK (estimate_hours IS NULL OR estimate_hours >= 0),
  created_by            TEXT,
  completed_by          TEXT,
  created_at            TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')),
  updated_at            TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')),
  started_at            TEXT,
  completed_at          TEXT,
  -- A completed step always says when.
  CHECK (status <> 'completed' OR completed_at IS NOT NULL),
  UNIQUE (workspace_id, code)
);
CREATE INDEX idx_steps_phase_order ON steps (phase_id, order_index);
CREATE INDEX idx_steps_plan_status ON steps (plan_id, status);
CREATE INDEX idx_steps_workspace_status ON steps (workspace_id, status);
CREATE INDEX idx_steps_assignee ON steps (workspace_id, assignee) WHERE assignee IS NOT NULL;

CREATE TABLE plan_notes (
  id         INTEGER PRIMARY KEY AUTOINCREMENT,
  plan_id    INTEGER NOT NULL REFERENCES plans(id) ON DELETE CASCADE,
  kind       TEXT NOT NULL DEFAULT 'info' CHECK (kind IN ('info', 'warning', 'instruction')),
  text       TEXT NOT NULL CHECK (length(text) > 0),
  created_by TEXT,
  created_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now'))
);
CREATE INDEX idx_plan_notes_plan ON plan_notes (plan_id, id);

-- Acceptance criteria of a plan.
CREATE TABLE requirements (
  id           INTEGER PRIMARY KEY AUTOINCREMENT,
  workspace_id INTEGER NOT NULL REFERENCES workspaces(id) ON DELETE CASCADE,
  plan_id      INTEGER NOT NULL REFERENCES plans(id) ON DELETE CASCADE,
  code         TEXT NOT NULL,
  text         TEXT NOT NULL CHECK (length(text) > 0),
  met          INTEGER NOT NULL DEFAULT 0 CHECK (met IN (0, 1)),
  verification TEXT,
  order_index  INTEGER NOT NULL,
  created_at   TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')),
  updated_at   TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')),
  met_at       TEXT,
  UNIQUE (workspace_id, code)
);
CREATE INDEX idx_requirements_plan ON requirements (plan_id, order_index);

CREATE TABLE feedback (
  id           INTEGER PRIMARY KEY AUTOINCREMENT,
  workspace_id INTEGER NOT NULL REFERENCES workspaces(id) ON DELETE CASCADE,
  code         TEXT NOT NULL,
  kind         TEXT NOT NULL CHECK (kind IN ('bug', 'idea', 'question')),
  title        TEXT NOT NULL CHECK (length(title) > 0),
  body         TEXT,
  severity     TEXT CHECK (severity IS NULL OR severity IN ('low', 'medium', 'high', 'critical')),
  status       TEXT NOT NULL DEFAULT 'new' CHECK (status IN
                 ('new', 'triaged', 'in_progress', 'resolved', 'wont_fix', 'duplicate')),
  duplicate_of INTEGER REFERENCES feedback(id) ON DELETE SET NULL,
  plan_id      INTEGER REFERENCES plans(id) ON DELETE SET NULL,
  reported_by  TEXT,
  resolution   TEXT,
  created_at   TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')),
  updated_at   TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')),
  resolved_at  TEXT,
  CHECK (duplicate_of IS NULL OR duplicate_of <> id),
  UNIQUE (workspace_id, code)
);
CREATE INDEX idx_feedback_workspace_status ON feedback (workspace_id, status);
CREATE INDEX idx_feedback_plan ON feedback (plan_id) WHERE plan_id IS NOT NULL;
CREATE INDEX idx_feedback_duplicate ON feedback (duplicate_of) WHERE duplicate_of IS NOT NULL;

-- Branches and commits attached to a plan or one of its steps.
CREATE TABLE git_links (
  id           INTEGER PRIMARY KEY AUTOINCREMENT,
  workspace_id INTEGER NOT NULL REFERENCES workspaces(id) ON DELETE CASCADE,
  plan_id      INTEGER NOT NULL REFERENCES plans(id) ON DELETE CASCADE,
  step_id      INTEGER REFERENCES steps(id) ON DELETE CASCADE,
  kind         TEXT NOT NULL CHECK (kind IN ('branch', 'commit')),
  ref          TEXT NOT NULL CHECK (length(ref) > 0),
  message      TEXT,
  committed_at TEXT,
  created_at   TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now'))
);
CREATE UNIQUE INDEX idx_git_links_unique ON git_links (plan_id, ifnull(step_id, 0), kind, ref);
CREATE INDEX idx_git_links_ref ON git_links (workspace_id, ref);

-- Archived plans: every row a plan owned, moved here in one transaction and
-- restorable whole (ids included). One row per archived row, by table.
CREATE TABLE plan_archives (
  plan_id      INTEGER PRIMARY KEY,  -- the archived plan's id, never reused
  workspace_id INTEGER NOT NULL REFERENCES workspaces(id) ON DELETE CASCADE,
  code         TEXT NOT NULL,
  title        TEXT NOT NULL,
  status       TEXT NOT NULL,
  archived_by  TEXT,
  archived_at  TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now'))
);
CREATE INDEX idx_plan_archives_workspace ON plan_archives (workspace_id, plan_id);

-- Archived plans stay findable by id and code, like live ones.
CREATE VIEW archived_plan_refs AS
SELECT plan_id AS id, workspace_id, code, title, status FROM plan_archives;

CREATE TABLE archived_rows (
  plan_id    INTEGER NOT NULL REFERENCES plan_archives(plan_id) ON DELETE CASCADE,
  table_name TEXT NOT NULL,
  row_id     INTEGER NOT NULL,
  data       TEXT NOT NULL CHECK (json_valid(data)),
  PRIMARY KEY (plan_id, table_name, row_id)
) WITHOUT ROWID;

-- Steps an agent may start now: pending, in a plan that is planned or active,
-- with every earlier phase of the plan done (completed or cancelled).
-- (Dependencies between plans, phases and steps extend this in a later migration.)
CREATE VIEW ready_steps AS
SELECT s.*
FROM steps AS s
JOIN plans AS p ON p.id = s.plan_id
JOIN phases AS ph ON ph.id = s.phase_id
WHERE s.status = 'pending'
  AND p.status IN ('planned', 'active')
  AND NOT EXISTS (
    SELECT 1 FROM phases AS earlier
    JOIN steps AS es ON es.phase_id = earlier.id
    WHERE earlier.plan_id = s.plan_id
      AND earlier.order_index < ph.order_index
      AND es.status NOT IN ('completed', 'cancelled'));
