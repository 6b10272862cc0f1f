-- 0007: memory and knowledge — context anchored to any entity, research,
-- knowledge, workspace sections, sessions and lineage, the agent / instruction /
-- skill library, build scripts, and FTS5 full-text indexes over all of it, the
-- work model and the tool catalog.
-- (0004 to 0006 are taken by other work; the migrator applies files in order.)
--
-- Rows that belong to a plan reference it with ON DELETE CASCADE, so deleting
-- the plan deletes them and archiving it (src/store/plan_archive.cpp follows
-- those keys) keeps them and brings them back on restore. ids are
-- AUTOINCREMENT wherever a row can be archived, so a restored id is never taken.

-- Context: typed memory (JSON or text) anchored to a workspace, track, program,
-- plan, phase or step (seed 003: "memory keyed to its anchor"; seed 004:
-- polymorphic context). The anchor is polymorphic, so it has no foreign key:
-- the triggers below delete an anchor's memory with it. plan_id is the plan the
-- anchor lies in (plan, phase and step anchors), so plan deletion and archiving
-- reach phase and step memory through a real key, and search can filter by plan.
CREATE TABLE context_items (
  id           INTEGER PRIMARY KEY AUTOINCREMENT,
  workspace_id INTEGER NOT NULL REFERENCES workspaces(id) ON DELETE CASCADE,
  anchor_kind  TEXT NOT NULL CHECK (anchor_kind IN
                 ('workspace', 'track', 'program', 'plan', 'phase', 'step')),
  anchor_id    INTEGER NOT NULL,
  plan_id      INTEGER REFERENCES plans(id) ON DELETE CASCADE,
  type         TEXT NOT NULL CHECK (length(type) BETWEEN 1 AND 100),
  format       TEXT NOT NULL DEFAULT 'json' CHECK (format IN ('json', 'text')),
  data         TEXT NOT NULL CHECK (format = 'text' OR json_valid(data)),
  agent        TEXT,
  created_at   TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')),
  updated_at   TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')),
  CHECK ((anchor_kind IN ('plan', 'phase', 'step')) = (plan_id IS NOT NULL)),
  CHECK (anchor_kind <> 'workspace' OR anchor_id = workspace_id),
  CHECK (anchor_kind <> 'plan' OR anchor_id = plan_id)
);
-- An anchor's memory by type, newest last: get, list and upsert by (anchor, type).
CREATE INDEX idx_context_anchor ON context_items (anchor_kind, anchor_id, type, id);
CREATE INDEX idx_context_workspace_time ON context_items (workspace_id, updated_at);
CREATE INDEX idx_context_plan ON context_items (plan_id) WHERE plan_id IS NOT NULL;
-- What search filters on, by id: a narrow copy of the wide rows, read once per
-- full-text match (src/store/search_index.cpp).
CREATE INDEX idx_context_search ON context_items (id, workspace_id, plan_id, updated_at);

CREATE TRIGGER tracks_delete_context AFTER DELETE ON tracks BEGIN
  DELETE FROM context_items WHERE anchor_kind = 'track' AND anchor_id = old.id;
END;
CREATE TRIGGER programs_delete_context AFTER DELETE ON programs BEGIN
  DELETE FROM context_items WHERE anchor_kind = 'program' AND anchor_id = old.id;
END;
-- Plan memory goes by plan_id's cascade; these catch a phase or step deleted
-- on its own (a step also when its phase goes).
CREATE TRIGGER phases_delete_context AFTER DELETE ON phases BEGIN
  DELETE FROM context_items WHERE anchor_kind = 'phase' AND anchor_id = old.id;
END;
CREATE TRIGGER steps_delete_context AFTER DELETE ON steps BEGIN
  DELETE FROM context_items WHERE anchor_kind = 'step' AND anchor_id = old.id;
END;
-- Workspace memory goes by workspace_id's cascade. A step or phase that moves
-- to another plan takes its memory along.
CREATE TRIGGER steps_move_context AFTER UPDATE OF plan_id ON steps BEGIN
  UPDATE context_items SET plan_id = new.plan_id WHERE anchor_kind = 'step' AND anchor_id = old.id;
END;
CREATE TRIGGER phases_move_context AFTER UPDATE OF plan_id ON phases BEGIN
  UPDATE context_items SET plan_id = new.plan_id
  WHERE anchor_kind = 'phase' AND anchor_id = old.id;
END;

-- Long-form research notes of a plan, or of the workspace (plan_id null).
-- Appending to a name grows the document.
CREATE TABLE research_documents (
  id           INTEGER PRIMARY KEY AUTOINCREMENT,
  workspace_id INTEGER NOT NULL REFERENCES workspaces(id) ON DELETE CASCADE,
  plan_id      INTEGER REFERENCES plans(id) ON DELETE CASCADE,
  name         TEXT NOT NULL CHECK (length(name) BETWEEN 1 AND 200),
  content      TEXT NOT NULL DEFAULT '',
  created_by   TEXT,
  created_at   TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')),
  updated_at   TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now'))
);
CREATE UNIQUE INDEX idx_research_name ON research_documents (workspace_id, ifnull(plan_id, 0), name);
CREATE INDEX idx_research_plan ON research_documents (plan_id) WHERE plan_id IS NOT NULL;

-- What a workspace knows, by slug (lowercase letters, digits, . _ -).
CREATE TABLE knowledge (
  id           INTEGER PRIMARY KEY AUTOINCREMENT,
  workspace_id INTEGER NOT NULL REFERENCES workspaces(id) ON DELETE CASCADE,
  slug         TEXT NOT NULL CHECK (length(slug) BETWEEN 1 AND 100
                                    AND slug NOT GLOB '*[^a-z0-9._-]*'),
  title        TEXT NOT NULL CHECK (length(title) > 0),
  category     TEXT,
  tags         TEXT NOT NULL DEFAULT '[]' CHECK (json_valid(tags) AND json_type(tags) = 'array'),
  content      TEXT NOT NULL DEFAULT '',
  created_by   TEXT,
  plan_id      INTEGER REFERENCES plans(id) ON DELETE SET NULL,
  created_at   TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')),
  updated_at   TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')),
  UNIQUE (workspace_id, slug)
);
CREATE INDEX idx_knowledge_category ON knowledge (workspace_id, category);
CREATE INDEX idx_knowledge_plan ON knowledge (plan_id) WHERE plan_id IS NOT NULL;

-- The workspace's own context: named sections (architecture, conventions, ...).
CREATE TABLE workspace_sections (
  id           INTEGER PRIMARY KEY,
  workspace_id INTEGER NOT NULL REFERENCES workspaces(id) ON DELETE CASCADE,
  name         TEXT NOT NULL CHECK (length(name) BETWEEN 1 AND 100),
  content      TEXT NOT NULL,
  updated_by   TEXT,
  created_at   TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')),
  updated_at   TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')),
  UNIQUE (workspace_id, name)
);

-- An agent's session of work, optionally on a plan. code is an S-code.
CREATE TABLE sessions (
  id           INTEGER PRIMARY KEY AUTOINCREMENT,
  workspace_id INTEGER NOT NULL REFERENCES workspaces(id) ON DELETE CASCADE,
  plan_id      INTEGER REFERENCES plans(id) ON DELETE CASCADE,
  code         TEXT NOT NULL,
  agent        TEXT NOT NULL CHECK (length(agent) > 0),
  context      TEXT NOT NULL DEFAULT '{}' CHECK (json_valid(context)),
  summary      TEXT,
  artifacts    TEXT NOT NULL DEFAULT '[]'
                 CHECK (json_valid(artifacts) AND json_type(artifacts) = 'array'),
  status       TEXT NOT NULL DEFAULT 'active' CHECK (status IN ('active', 'completed')),
  started_at   TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')),
  updated_at   TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')),
  completed_at TEXT,
  CHECK ((status = 'completed') = (completed_at IS NOT NULL)),
  UNIQUE (workspace_id, code)
);
CREATE INDEX idx_sessions_workspace_status ON sessions (workspace_id, status, id);
CREATE INDEX idx_sessions_plan ON sessions (plan_id, id) WHERE plan_id IS NOT NULL;

-- Handoffs between agents on a plan.
CREATE TABLE lineage (
  id         INTEGER PRIMARY KEY AUTOINCREMENT,
  plan_id    INTEGER NOT NULL REFERENCES plans(id) ON DELETE CASCADE,
  from_agent TEXT NOT NULL CHECK (length(from_agent) > 0),
  to_agent   TEXT NOT NULL CHECK (length(to_agent) > 0),
  reason     TEXT,
  data       TEXT NOT NULL DEFAULT '{}' CHECK (json_valid(data)),
  created_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now'))
);
CREATE INDEX idx_lineage_plan ON lineage (plan_id, id);

-- The library: agent definitions, instruction files (applies_to: comma-separated
-- globs over workspace-relative paths) and skills, stored per workspace by name.
-- source_path says which file an import read it from.
CREATE TABLE agent_definitions (
  id           INTEGER PRIMARY KEY AUTOINCREMENT,
  workspace_id INTEGER NOT NULL REFERENCES workspaces(id) ON DELETE CASCADE,
  name         TEXT NOT NULL CHECK (length(name) BETWEEN 1 AND 200),
  description  TEXT,
  content      TEXT NOT NULL,
  metadata     TEXT NOT NULL DEFAULT '{}'
                 CHECK (json_valid(metadata) AND json_type(metadata) = 'object'),
  source_path  TEXT,
  created_at   TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')),
  updated_at   TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')),
  UNIQUE (workspace_id, name)
);

CREATE TABLE instruction_files (
  id           INTEGER PRIMARY KEY AUTOINCREMENT,
  workspace_id INTEGER NOT NULL REFERENCES workspaces(id) ON DELETE CASCADE,
  name         TEXT NOT NULL CHECK (length(name) BETWEEN 1 AND 200),
  applies_to   TEXT NOT NULL DEFAULT '**' CHECK (length(applies_to) > 0),
  description  TEXT,
  content      TEXT NOT NULL,
  metadata     TEXT NOT NULL DEFAULT '{}'
                 CHECK (json_valid(metadata) AND json_type(metadata) = 'object'),
  source_path  TEXT,
  created_at   TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')),
  updated_at   TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')),
  UNIQUE (workspace_id, name)
);

CREATE TABLE skill_definitions (
  id                INTEGER PRIMARY KEY AUTOINCREMENT,
  workspace_id      INTEGER NOT NULL REFERENCES workspaces(id) ON DELETE CASCADE,
  name              TEXT NOT NULL CHECK (length(name) BETWEEN 1 AND 200),
  description       TEXT,
  category          TEXT,
  tags              TEXT NOT NULL DEFAULT '[]' CHECK (json_valid(tags) AND json_type(tags) = 'array'),
  language_targets  TEXT NOT NULL DEFAULT '[]'
                      CHECK (json_valid(language_targets) AND json_type(language_targets) = 'array'),
  framework_targets TEXT NOT NULL DEFAULT '[]'
                      CHECK (json_valid(framework_targets) AND json_type(framework_targets) = 'array'),
  content           TEXT NOT NULL,
  metadata          TEXT NOT NULL DEFAULT '{}'
                      CHECK (json_valid(metadata) AND json_type(metadata) = 'object'),
  source_path       TEXT,
  created_at        TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')),
  updated_at        TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')),
  UNIQUE (workspace_id, name)
);
CREATE INDEX idx_skills_category ON skill_definitions (workspace_id, category);

-- Reusable build commands of a workspace or plan. Stored, never executed.
CREATE TABLE build_scripts (
  id           INTEGER PRIMARY KEY AUTOINCREMENT,
  workspace_id INTEGER NOT NULL REFERENCES workspaces(id) ON DELETE CASCADE,
  plan_id      INTEGER REFERENCES plans(id) ON DELETE CASCADE,
  name         TEXT NOT NULL CHECK (length(name) BETWEEN 1 AND 200),
  description  TEXT,
  command      TEXT NOT NULL CHECK (length(command) > 0),
  directory    TEXT,
  created_by   TEXT,
  created_at   TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')),
  updated_at   TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now'))
);
CREATE UNIQUE INDEX idx_build_scripts_name ON build_scripts (workspace_id, ifnull(plan_id, 0), name);
CREATE INDEX idx_build_scripts_plan ON build_scripts (plan_id) WHERE plan_id IS NOT NULL;

-- Event log: who reported the event; "recent" pages newest first by id.
ALTER TABLE event_log ADD COLUMN agent TEXT;
CREATE INDEX idx_event_log_type ON event_log (event_type, created_at);

-- Full-text search (FTS5, bm25). Each index is an external-content table over
-- its source rows, kept equal to them by the triggers below: an insert indexes
-- the new row, a delete removes the old values, an update of an indexed column
-- does both. Porter stemming, so "indexes" finds "index". `INSERT INTO x(x)
-- VALUES('rebuild')` rebuilds one from its table (SearchIndex::Rebuild).

CREATE VIRTUAL TABLE context_fts USING fts5(
  type, data, content='context_items', content_rowid='id',
  tokenize='porter unicode61 remove_diacritics 2');
CREATE TRIGGER context_items_fts_insert AFTER INSERT ON context_items BEGIN
  INSERT INTO context_fts (rowid, type, data) VALUES (new.id, new.type, new.data);
END;
CREATE TRIGGER context_items_fts_delete AFTER DELETE ON context_items BEGIN
  INSERT INTO context_fts (context_fts, rowid, type, data) VALUES ('delete', old.id, old.type, old.data);
END;
CREATE TRIGGER context_items_fts_update AFTER UPDATE OF type, data ON context_items BEGIN
  INSERT INTO context_fts (context_fts, rowid, type, data) VALUES ('delete', old.id, old.type, old.data);
  INSERT INTO context_fts (rowid, type, data) VALUES (new.id, new.type, new.data);
END;

CREATE VIRTUAL TABLE research_fts USING fts5(
  name, content, content='research_documents', content_rowid='id',
  tokenize='porter unicode61 remove_diacritics 2');
CREATE TRIGGER research_fts_insert AFTER INSERT ON research_documents BEGIN
  INSERT INTO research_fts (rowid, name, content) VALUES (new.id, new.name, new.content);
END;
CREATE TRIGGER research_fts_delete AFTER DELETE ON research_documents BEGIN
  INSERT INTO research_fts (research_fts, rowid, name, content)
  VALUES ('delete', old.id, old.name, old.content);
END;
CREATE TRIGGER research_fts_update AFTER UPDATE OF name, content ON research_documents BEGIN
  INSERT INTO research_fts (research_fts, rowid, name, content)
  VALUES ('delete', old.id, old.name, old.content);
  INSERT INTO research_fts (rowid, name, content) VALUES (new.id, new.name, new.content);
END;

CREATE VIRTUAL TABLE knowledge_fts USING fts5(
  title, tags, content, content='knowledge', content_rowid='id',
  tokenize='porter unicode61 remove_diacritics 2');
CREATE TRIGGER knowledge_fts_insert AFTER INSERT ON knowledge BEGIN
  INSERT INTO knowledge_fts (rowid, title, tags, content)
  VALUES (new.id, new.title, new.tags, new.content);
END;
CREATE TRIGGER knowledge_fts_delete AFTER DELETE ON knowledge BEGIN
  INSERT INTO knowledge_fts (knowledge_fts, rowid, title, tags, content)
  VALUES ('delete', old.id, old.title, old.tags, old.content);
END;
CREATE TRIGGER knowledge_fts_update AFTER UPDATE OF title, tags, content ON knowledge BEGIN
  INSERT INTO knowledge_fts (knowledge_fts, rowid, title, tags, content)
  VALUES ('delete', old.id, old.title, old.tags, old.content);
  INSERT INTO knowledge_fts (rowid, title, tags, content)
  VALUES (new.id, new.title, new.tags, new.content);
END;

CREATE VIRTUAL TABLE sections_fts USING fts5(
  name, content, content='workspace_sections', content_rowid='id',
  tokenize='porter unicode61 remove_diacritics 2');
CREATE TRIGGER sections_fts_insert AFTER INSERT ON workspace_sections BEGIN
  INSERT INTO sections_fts (rowid, name, content) VALUES (new.id, new.name, new.content);
END;
CREATE TRIGGER sections_fts_delete AFTER DELETE ON workspace_sections BEGIN
  INSERT INTO sections_fts (sections_fts, rowid, name, content)
  VALUES ('delete', old.id, old.name, old.content);
END;
CREATE TRIGGER sections_fts_update AFTER UPDATE OF name, content ON workspace_sections BEGIN
  INSERT INTO sections_fts (sections_fts, rowid, name, content)
  VALUES ('delete', old.id, old.name, old.content);
  INSERT INTO sections_fts (rowid, name, content) VALUES (new.id, new.name, new.content);
END;

CREATE VIRTUAL TABLE plans_fts USING fts5(
  title, description, goal, content='plans', content_rowid='id',
  tokenize='porter unicode61 remove_diacritics 2');
CREATE TRIGGER plans_fts_insert AFTER INSERT ON plans BEGIN
  INSERT INTO plans_fts (rowid, title, description, goal)
  VALUES (new.id, new.title, new.description, new.goal);
END;
CREATE TRIGGER plans_fts_delete AFTER DELETE ON plans BEGIN
  INSERT INTO plans_fts (plans_fts, rowid, title, description, goal)
  VALUES ('delete', old.id, old.title, old.description, old.goal);
END;
CREATE TRIGGER plans_fts_update AFTER UPDATE OF title, description, goal ON plans BEGIN
  INSERT INTO plans_fts (plans_fts, rowid, title, description, goal)
  VALUES ('delete', old.id, old.title, old.description, old.goal);
  INSERT INTO plans_fts (rowid, title, description, goal)
  VALUES (new.id, new.title, new.description, new.goal);
END;

CREATE VIRTUAL TABLE steps_fts USING fts5(
  task, description, context_notes, completion_notes, content='steps', content_rowid='id',
  tokenize='porter unicode61 remove_diacritics 2');
CREATE TRIGGER steps_fts_insert AFTER INSERT ON steps BEGIN
  INSERT INTO steps_fts (rowid, task, description, context_notes, completion_notes)
  VALUES (new.id, new.task, new.description, new.context_notes, new.completion_notes);
END;
CREATE TRIGGER steps_fts_delete AFTER DELETE ON steps BEGIN
  INSERT INTO steps_fts (steps_fts, rowid, task, description, context_notes, completion_notes)
  VALUES ('delete', old.id, old.task, old.description, old.context_notes, old.completion_notes);
END;
CREATE TRIGGER steps_fts_update
AFTER UPDATE OF task, description, context_notes, completion_notes ON steps BEGIN
  INSERT INTO steps_fts (steps_fts, rowid, task, description, context_notes, completion_notes)
  VALUES ('delete', old.id, old.task, old.description, old.context_notes, old.completion_notes);
  INSERT INTO steps_fts (rowid, task, description, context_notes, completion_notes)
  VALUES (new.id, new.task, new.description, new.context_notes, new.completion_notes);
END;

CREATE VIRTUAL TABLE notes_fts USING fts5(
  text, content='plan_notes', content_rowid='id',
  tokenize='porter unicode61 remove_diacritics 2');
CREATE TRIGGER notes_fts_insert AFTER INSERT ON plan_notes BEGIN
  INSERT INTO notes_fts (rowid, text) VALUES (new.id, new.text);
END;
CREATE TRIGGER notes_fts_delete AFTER DELETE ON plan_notes BEGIN
  INSERT INTO notes_fts (notes_fts, rowid, text) VALUES ('delete', old.id, old.text);
END;
CREATE TRIGGER notes_fts_update AFTER UPDATE OF text ON plan_notes BEGIN
  INSERT INTO notes_fts (notes_fts, rowid, text) VALUES ('delete', old.id, old.text);
  INSERT INTO notes_fts (rowid, text) VALUES (new.id, new.text);
END;

CREATE VIRTUAL TABLE feedback_fts USING fts5(
  title, body, resolution, content='feedback', content_rowid='id',
  tokenize='porter unicode61 remove_diacritics 2');
CREATE TRIGGER feedback_fts_insert AFTER INSERT ON feedback BEGIN
  INSERT INTO feedback_fts (rowid, title, body, resolution)
  VALUES (new.id, new.title, new.body, new.resolution);
END;
CREATE TRIGGER feedback_fts_delete AFTER DELETE ON feedback BEGIN
  INSERT INTO feedback_fts (feedback_fts, rowid, title, body, resolution)
  VALUES ('delete', old.id, old.title, old.body, old.resolution);
END;
CREATE TRIGGER feedback_fts_update AFTER UPDATE OF title, body, resolution ON feedback BEGIN
  INSERT INTO feedback_fts (feedback_fts, rowid, title, body, resolution)
  VALUES ('delete', old.id, old.title, old.body, old.resolution);
  INSERT INTO feedback_fts (rowid, title, body, resolution)
  VALUES (new.id, new.title, new.body, new.resolution);
END;

CREATE VIRTUAL TABLE skills_fts USING fts5(
  name, description, tags, content, content='skill_definitions', content_rowid='id',
  tokenize='porter unicode61 remove_diacritics 2');
CREATE TRIGGER skills_fts_insert AFTER INSERT ON skill_definitions BEGIN
  INSERT INTO skills_fts (rowid, name, description, tags, content)
  VALUES (new.id, new.name, new.description, new.tags, new.content);
END;
CREATE TRIGGER skills_fts_delete AFTER DELETE ON skill_definitions BEGIN
  INSERT INTO skills_fts (skills_fts, rowid, name, description, tags, content)
  VALUES ('delete', old.id, old.name, old.description, old.tags, old.content);
END;
CREATE TRIGGER skills_fts_update AFTER UPDATE OF name, description, tags, content
ON skill_definitions BEGIN
  INSERT INTO skills_fts (skills_fts, rowid, name, description, tags, content)
  VALUES ('delete', old.id, old.name, old.description, old.tags, old.content);
  INSERT INTO skills_fts (rowid, name, description, tags, content)
  VALUES (new.id, new.name, new.description, new.tags, new.content);
END;

-- The tool catalog, one document per action: its tool, name, description and
-- parameters (names and descriptions), so search("memory_plan create") finds the
-- action. The document is assembled from two tables, so this index keeps its own
-- copy and the triggers re-assemble an action's document when it or its
-- parameters change.
CREATE VIEW catalog_documents AS
SELECT a.id AS id, a.tool_name AS tool, a.name AS action, a.description AS description,
       (SELECT group_concat(p.name || ': ' || p.description, ' | ')
        FROM tool_action_params AS p WHERE p.action_id = a.id) AS params
FROM tool_actions AS a;

CREATE VIRTUAL TABLE catalog_fts USING fts5(
  tool, action, description, params, tokenize='porter unicode61 remove_diacritics 2');
CREATE TRIGGER tool_actions_fts_insert AFTER INSERT ON tool_actions BEGIN
  INSERT INTO catalog_fts (rowid, tool, action, description, params)
  SELECT id, tool, action, description, params FROM catalog_documents WHERE id = new.id;
END;
CREATE TRIGGER tool_actions_fts_update AFTER UPDATE ON tool_actions BEGIN
  DELETE FROM catalog_fts WHERE rowid = old.id;
  INSERT INTO catalog_fts (rowid, tool, action, description, params)
  SELECT id, tool, action, description, params FROM catalog_documents WHERE id = new.id;
END;
CREATE TRIGGER tool_actions_fts_delete AFTER DELETE ON tool_actions BEGIN
  DELETE FROM catalog_fts WHERE rowid = old.id;
END;
CREATE TRIGGER tool_action_params_fts_insert AFTER INSERT ON tool_action_params BEGIN
  DELETE FROM catalog_fts WHERE rowid = new.action_id;
  INSERT INTO catalog_fts (rowid, tool, action, description, params)
  SELECT id, tool, action, description, params FROM catalog_documents WHERE id = new.action_id;
END;
CREATE TRIGGER tool_action_params_fts_delete AFTER DELETE ON tool_action_params BEGIN
  DELETE FROM catalog_fts WHERE rowid = old.action_id;
  INSERT INTO catalog_fts (rowid, tool, action, description, params)
  SELECT id, tool, action, description, params FROM catalog_documents WHERE id = old.action_id;
END;

-- Index what an older database already holds.
INSERT INTO plans_fts (plans_fts) VALUES ('rebuild');
INSERT INTO steps_fts (steps_fts) VALUES ('rebuild');
INSERT INTO notes_fts (notes_fts) VALUES ('rebuild');
INSERT INTO feedback_fts (feedback_fts) VALUES ('rebuild');
INSERT INTO catalog_fts (rowid, tool, action, description, params)
SELECT id, tool, action, description, params FROM catalog_documents;
