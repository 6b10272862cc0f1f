-- 0009: status indexes. Steps by status across every workspace (seed 002's
-- idx_tasks_status: "global status queries"), and the git links of a step,
-- which deleting a step (ON DELETE CASCADE) and archiving a plan look up by
-- step_id; idx_git_links_unique leads with plan_id and cannot serve that.
CREATE INDEX IF NOT EXISTS idx_steps_status ON steps (status);
CREATE INDEX IF NOT EXISTS idx_git_links_step ON git_links (step_id) WHERE step_id IS NOT NULL;
