-- 0009: status indexes. PostgreSQL translation of
-- migrations/sqlite/0009_status_indexes.sql: steps by status across every
-- workspace (seed 002's idx_tasks_status), and the git links of a step, which
-- deleting a step and archiving a plan look up by step_id.
CREATE INDEX IF NOT EXISTS idx_steps_status ON steps (status);
CREATE INDEX IF NOT EXISTS idx_git_links_step ON git_links (step_id) WHERE step_id IS NOT NULL;
