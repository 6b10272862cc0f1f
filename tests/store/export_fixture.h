// A database holding at least one row of every exported table, with the
// values an export must carry exactly: NULLs, REALs (1.5 and 2.0), JSON text
// with odd spacing, non-ASCII text, newlines and quotes. Workspace alpha (#1)
// holds most of it; beta (#2) a plan of its own, in alpha's program (linked to
// beta). Plan P9 of alpha is archived.
#pragma once

#include "store/database.h"
#include "store/plan_archive.h"

namespace pm::testing {

inline void FillEveryTable(store::Database& db) {
  db.ExecScript(R"SQL(
INSERT INTO workspaces (code, name, path, description, metadata)
  VALUES ('alpha', 'Alpha', '/ws/alpha', 'Ünïcode — "quoted"
second line', '{"lang": "go" , "n":1}');
INSERT INTO workspaces (code, name) VALUES ('beta', 'Beta');
INSERT INTO code_counters (workspace_id, prefix, last_value) VALUES (1, 'P', 9), (1, 'T', 3),
  (1, 'R', 1), (1, 'FB', 2), (1, 'S', 1), (1, 'PG', 1), (2, 'P', 1);
INSERT INTO tracks (workspace_id, name, goal, color, sort_order) VALUES (1, 'Reliability', 'No lost work', '#3B82F6', 2);
INSERT INTO programs (workspace_id, code, title) VALUES (1, 'PG1', 'Migration');
INSERT INTO program_workspace_links (program_id, workspace_id) VALUES (1, 2);
INSERT INTO plans (workspace_id, code, title, status, tags, estimate_hours, program_id, track_id)
  VALUES (1, 'P1', 'Login', 'active', '["auth",  "ui"]', 1.5, 1, 1);
INSERT INTO plans (workspace_id, code, title, estimate_hours) VALUES (1, 'P9', 'Old idea', 2.0);
INSERT INTO plans (workspace_id, code, title, program_id) VALUES (2, 'P1', 'Other', 1);
INSERT INTO phases (plan_id, name, order_index) VALUES (1, 'Design', 0), (1, 'Build', 1), (2, 'Only', 0);
INSERT INTO steps (workspace_id, plan_id, phase_id, code, order_index, task, status, completed_at, inputs)
  VALUES (1, 1, 1, 'T1', 0, 'Sketch', 'completed', '2026-01-01T00:00:00.000Z', '["a.md"]');
INSERT INTO steps (workspace_id, plan_id, phase_id, code, order_index, task, estimate_hours)
  VALUES (1, 1, 2, 'T2', 0, 'Build it', 2.0);
INSERT INTO steps (workspace_id, plan_id, phase_id, code, order_index, task) VALUES (1, 2, 3, 'T3', 0, 'Archived step');
INSERT INTO plan_notes (plan_id, text) VALUES (1, 'Careful with tabs	here');
INSERT INTO requirements (workspace_id, plan_id, code, text, order_index) VALUES (1, 1, 'R1', 'Email login', 0);
INSERT INTO dependencies (workspace_id, source_kind, source_id, target_kind, target_id) VALUES (1, 'step', 2, 'step', 1);
INSERT INTO feedback (workspace_id, code, kind, title, plan_id) VALUES (1, 'FB1', 'bug', 'Crash', 1);
INSERT INTO feedback (workspace_id, code, kind, title, status, duplicate_of) VALUES (1, 'FB2', 'bug', 'Crash again', 'duplicate', 1);
INSERT INTO git_links (workspace_id, plan_id, step_id, kind, ref) VALUES (1, 1, 2, 'branch', 'feature/login');
INSERT INTO context_items (workspace_id, anchor_kind, anchor_id, plan_id, type, data)
  VALUES (1, 'step', 2, 1, 'notes', '{"k" : [1, 2.50, null]}');
INSERT INTO context_items (workspace_id, anchor_kind, anchor_id, type, format, data)
  VALUES (1, 'workspace', 1, 'readme', 'text', 'plain text');
INSERT INTO research_documents (workspace_id, plan_id, name, content) VALUES (1, 1, 'Options', 'A or B');
INSERT INTO knowledge (workspace_id, slug, title, content) VALUES (1, 'db-notes', 'DB notes', 'Use WAL.');
INSERT INTO workspace_sections (workspace_id, name, content) VALUES (1, 'architecture', 'Layers');
INSERT INTO sessions (workspace_id, plan_id, code, agent) VALUES (1, 1, 'S1', 'coder');
INSERT INTO lineage (plan_id, from_agent, to_agent, reason) VALUES (1, 'planner', 'coder', 'ready');
INSERT INTO agent_definitions (workspace_id, name, content) VALUES (1, 'coder', '# Coder');
INSERT INTO instruction_files (workspace_id, name, applies_to, content) VALUES (1, 'go', '**/*.go', 'gofmt');
INSERT INTO skill_definitions (workspace_id, name, content, tags) VALUES (1, 'review', 'Look closely', '["x"]');
INSERT INTO build_scripts (workspace_id, plan_id, name, command) VALUES (1, 1, 'test', 'make test');
INSERT INTO update_log (workspace_id, entity_kind, entity_id, action, agent, after_json)
  VALUES (1, 'plan', 1, 'create', 'coder', '{"title":"Login"}');
INSERT INTO update_log (entity_kind, action) VALUES ('catalog', 'seed');
INSERT INTO event_log (workspace_id, event_type, data) VALUES (1, 'session_start', '{}');
INSERT INTO event_log (event_type) VALUES ('server_start');
)SQL");
  store::PlanArchive(db).Archive(2, {"fixture", ""});
}

}  // namespace pm::testing
