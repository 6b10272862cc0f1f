-- Undoes 0002_plans.sql: the work model, views first, then tables, children
-- before their parents.
DROP VIEW ready_steps;
DROP VIEW archived_plan_refs;
DROP TABLE archived_rows;
DROP TABLE plan_archives;
DROP TABLE git_links;
DROP TABLE feedback;
DROP TABLE requirements;
DROP TABLE plan_notes;
DROP TABLE steps;
DROP TABLE phases;
DROP TABLE plans;
DROP TABLE program_workspace_links;
DROP TABLE programs;
DROP TABLE code_counters;
