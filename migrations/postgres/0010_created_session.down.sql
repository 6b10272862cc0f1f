-- Undoes 0010_created_session.sql: the indexes, then the columns (which
-- sessions created what is lost).
DROP INDEX IF EXISTS idx_feedback_created_session;
DROP INDEX IF EXISTS idx_requirements_created_session;
DROP INDEX IF EXISTS idx_steps_created_session;
DROP INDEX IF EXISTS idx_plans_created_session;
ALTER TABLE feedback DROP COLUMN created_session_id;
ALTER TABLE requirements DROP COLUMN created_session_id;
ALTER TABLE steps DROP COLUMN created_session_id;
ALTER TABLE plans DROP COLUMN created_session_id;
