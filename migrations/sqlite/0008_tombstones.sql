-- 0008: tombstones — a record of every deleted row of the exported tables, so an
-- incremental export (project-memory export --since T) can carry deletions to
-- another database (src/store/export_writer.cpp writes them, import_reader.cpp
-- applies them). One AFTER DELETE trigger per exported table; the list of
-- exported tables is src/store/export_tables.cpp, and a unit test fails when a
-- table holding user data lacks its trigger or is not exported.
--
-- row_key is the JSON array of the deleted row's primary key values, in key
-- order ([41] for steps, [1,"T"] for code_counters). workspace_id is the
-- workspace the row belonged to, without a foreign key: the tombstone outlives
-- it. It is null only for a row whose parent went first in the same cascade
-- (the parent's own tombstone covers it). Deletes cascade, so deleting a plan
-- records the plan, its phases, steps and the rest, one tombstone each.

CREATE TABLE tombstones (
  id           INTEGER PRIMARY KEY,
  table_name   TEXT NOT NULL,
  row_key      TEXT NOT NULL CHECK (json_valid(row_key) AND json_type(row_key) = 'array'),
  workspace_id INTEGER,
  uid          TEXT,  -- a deleted workspace's uid: an import deletes only that project
  deleted_at   TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now'))
);
-- export --since reads them by time, with or without a workspace.
CREATE INDEX idx_tombstones_time ON tombstones (deleted_at);
CREATE INDEX idx_tombstones_workspace ON tombstones (workspace_id, deleted_at);

CREATE TRIGGER workspaces_tombstone AFTER DELETE ON workspaces BEGIN
  INSERT INTO tombstones (table_name, row_key, workspace_id, uid)
  VALUES ('workspaces', json_array(old.id), old.id, old.uid);
END;
CREATE TRIGGER code_counters_tombstone AFTER DELETE ON code_counters BEGIN
  INSERT INTO tombstones (table_name, row_key, workspace_id)
  VALUES ('code_counters', json_array(old.workspace_id, old.prefix), old.workspace_id);
END;
CREATE TRIGGER tracks_tombstone AFTER DELETE ON tracks BEGIN
  INSERT INTO tombstones (table_name, row_key, workspace_id)
  VALUES ('tracks', json_array(old.id), old.workspace_id);
END;
CREATE TRIGGER programs_tombstone AFTER DELETE ON programs BEGIN
  INSERT INTO tombstones (table_name, row_key, workspace_id)
  VALUES ('programs', json_array(old.id), old.workspace_id);
END;
CREATE TRIGGER program_workspace_links_tombstone AFTER DELETE ON program_workspace_links BEGIN
  INSERT INTO tombstones (table_name, row_key, workspace_id)
  VALUES ('program_workspace_links', json_array(old.program_id, old.workspace_id), (SELECT workspace_id FROM programs WHERE id = old.program_id));
END;
CREATE TRIGGER plans_tombstone AFTER DELETE ON plans BEGIN
  INSERT INTO tombstones (table_name, row_key, workspace_id)
  VALUES ('plans', json_array(old.id), old.workspace_id);
END;
CREATE TRIGGER phases_tombstone AFTER DELETE ON phases BEGIN
  INSERT INTO tombstones (table_name, row_key, workspace_id)
  VALUES ('phases', json_array(old.id), (SELECT workspace_id FROM plans WHERE id = old.plan_id));
END;
CREATE TRIGGER steps_tombstone AFTER DELETE ON steps BEGIN
  INSERT INTO tombstones (table_name, row_key, workspace_id)
  VALUES ('steps', json_array(old.id), old.workspace_id);
END;
CREATE TRIGGER plan_notes_tombstone AFTER DELETE ON plan_notes BEGIN
  INSERT INTO tombstones (table_name, row_key, workspace_id)
  VALUES ('plan_notes', json_array(old.id), (SELECT workspace_id FROM plans WHERE id = old.plan_id));
END;
CREATE TRIGGER requirements_tombstone AFTER DELETE ON requirements BEGIN
  INSERT INTO tombstones (table_name, row_key, workspace_id)
  VALUES ('requirements', json_array(old.id), old.workspace_id);
END;
CREATE TRIGGER dependencies_tombstone AFTER DELETE ON dependencies BEGIN
  INSERT INTO tombstones (table_name, row_key, workspace_id)
  VALUES ('dependencies', json_array(old.id), old.workspace_id);
END;
CREATE TRIGGER feedback_tombstone AFTER DELETE ON feedback BEGIN
  INSERT INTO tombstones (table_name, row_key, workspace_id)
  VALUES ('feedback', json_array(old.id), old.workspace_id);
END;
CREATE TRIGGER git_links_tombstone AFTER DELETE ON git_links BEGIN
  INSERT INTO tombstones (table_name, row_key, workspace_id)
  VALUES ('git_links', json_array(old.id), old.workspace_id);
END;
CREATE TRIGGER context_items_tombstone AFTER DELETE ON context_items BEGIN
  INSERT INTO tombstones (table_name, row_key, workspace_id)
  VALUES ('context_items', json_array(old.id), old.workspace_id);
END;
CREATE TRIGGER research_documents_tombstone AFTER DELETE ON research_documents BEGIN
  INSERT INTO tombstones (table_name, row_key, workspace_id)
  VALUES ('research_documents', json_array(old.id), old.workspace_id);
END;
CREATE TRIGGER knowledge_tombstone AFTER DELETE ON knowledge BEGIN
  INSERT INTO tombstones (table_name, row_key, workspace_id)
  VALUES ('knowledge', json_array(old.id), old.workspace_id);
END;
CREATE TRIGGER workspace_sections_tombstone AFTER DELETE ON workspace_sections BEGIN
  INSERT INTO tombstones (table_name, row_key, workspace_id)
  VALUES ('workspace_sections', json_array(old.id), old.workspace_id);
END;
CREATE TRIGGER sessions_tombstone AFTER DELETE ON sessions BEGIN
  INSERT INTO tombstones (table_name, row_key, workspace_id)
  VALUES ('sessions', json_array(old.id), old.workspace_id);
END;
CREATE TRIGGER lineage_tombstone AFTER DELETE ON lineage BEGIN
  INSERT INTO tombstones (table_name, row_key, workspace_id)
  VALUES ('lineage', json_array(old.id), (SELECT workspace_id FROM plans WHERE id = old.plan_id));
END;
CREATE TRIGGER agent_definitions_tombstone AFTER DELETE ON agent_definitions BEGIN
  INSERT INTO tombstones (table_name, row_key, workspace_id)
  VALUES ('agent_definitions', json_array(old.id), old.workspace_id);
END;
CREATE TRIGGER instruction_files_tombstone AFTER DELETE ON instruction_files BEGIN
  INSERT INTO tombstones (table_name, row_key, workspace_id)
  VALUES ('instruction_files', json_array(old.id), old.workspace_id);
END;
CREATE TRIGGER skill_definitions_tombstone AFTER DELETE ON skill_definitions BEGIN
  INSERT INTO tombstones (table_name, row_key, workspace_id)
  VALUES ('skill_definitions', json_array(old.id), old.workspace_id);
END;
CREATE TRIGGER build_scripts_tombstone AFTER DELETE ON build_scripts BEGIN
  INSERT INTO tombstones (table_name, row_key, workspace_id)
  VALUES ('build_scripts', json_array(old.id), old.workspace_id);
END;
CREATE TRIGGER plan_archives_tombstone AFTER DELETE ON plan_archives BEGIN
  INSERT INTO tombstones (table_name, row_key, workspace_id)
  VALUES ('plan_archives', json_array(old.plan_id), old.workspace_id);
END;
CREATE TRIGGER archived_rows_tombstone AFTER DELETE ON archived_rows BEGIN
  INSERT INTO tombstones (table_name, row_key, workspace_id)
  VALUES ('archived_rows', json_array(old.plan_id, old.table_name, old.row_id), (SELECT workspace_id FROM plan_archives WHERE plan_id = old.plan_id));
END;
CREATE TRIGGER update_log_tombstone AFTER DELETE ON update_log BEGIN
  INSERT INTO tombstones (table_name, row_key, workspace_id)
  VALUES ('update_log', json_array(old.id), old.workspace_id);
END;
CREATE TRIGGER event_log_tombstone AFTER DELETE ON event_log BEGIN
  INSERT INTO tombstones (table_name, row_key, workspace_id)
  VALUES ('event_log', json_array(old.id), old.workspace_id);
END;
