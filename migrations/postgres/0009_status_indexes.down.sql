-- Undoes 0009_status_indexes.sql.
DROP INDEX IF EXISTS idx_git_links_step;
DROP INDEX IF EXISTS idx_steps_status;
