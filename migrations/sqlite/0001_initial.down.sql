-- Undoes 0001_initial.sql: an empty database (but for the migration ledger and
-- SQLite's own sqlite_sequence).
DROP TABLE event_log;
DROP TABLE update_log;
DROP TABLE tool_action_params;
DROP TABLE tool_actions;
DROP TABLE tools;
DROP TABLE workspaces;
DROP TABLE meta;
