-- 0010: who created what (seed 001's created_session_id). PostgreSQL
-- translation of migrations/sqlite/0010_created_session.sql: plans, steps,
-- requirements and feedback remember the agent session in force when they were
-- created; deleting the session leaves them, with the link cleared.
ALTER TABLE plans ADD COLUMN created_session_id bigint REFERENCES sessions(id)
  ON DELETE SET NULL DEFERRABLE INITIALLY IMMEDIATE;
ALTER TABLE steps ADD COLUMN created_session_id bigint REFERENCES sessions(id)
  ON DELETE SET NULL DEFERRABLE INITIALLY IMMEDIATE;
ALTER TABLE requirements ADD COLUMN created_session_id bigint REFERENCES sessions(id)
  ON DELETE SET NULL DEFERRABLE INITIALLY IMMEDIATE;
ALTER TABLE feedback ADD COLUMN created_session_id bigint REFERENCES sessions(id)
  ON DELETE SET NULL DEFERRABLE INITIALLY IMMEDIATE;
CREATE INDEX IF NOT EXISTS idx_plans_created_session ON plans (created_session_id)
  WHERE created_session_id IS NOT NULL;
CREATE INDEX IF NOT EXISTS idx_steps_created_session ON steps (created_session_id)
  WHERE created_session_id IS NOT NULL;
CREATE INDEX IF NOT EXISTS idx_requirements_created_session ON requirements (created_session_id)
  WHERE created_session_id IS NOT NULL;
CREATE INDEX IF NOT EXISTS idx_feedback_created_session ON feedback (created_session_id)
  WHERE created_session_id IS NOT NULL;
