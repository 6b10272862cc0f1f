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
-- ready_steps (0006) selects s.*, which PostgreSQL expanded when the view was
-- made; made again, it has created_session_id too, like SQLite's.
DROP VIEW ready_steps;
CREATE VIEW ready_steps AS
SELECT s.*
FROM steps AS s
JOIN plans AS p ON p.id = s.plan_id
JOIN phases AS ph ON ph.id = s.phase_id
WHERE s.status = 'pending'
  AND p.status IN ('planned', 'active')
  AND NOT EXISTS (
    SELECT 1 FROM phases AS earlier
    JOIN steps AS es ON es.phase_id = earlier.id
    WHERE earlier.plan_id = s.plan_id
      AND earlier.order_index < ph.order_index
      AND es.status NOT IN ('completed', 'cancelled'))
  AND NOT EXISTS (
    SELECT 1 FROM dependencies AS d
    WHERE d.kind = 'blocks'
      AND ((d.source_kind = 'step' AND d.source_id = s.id)
        OR (d.source_kind = 'phase' AND d.source_id = s.phase_id)
        OR (d.source_kind = 'plan' AND d.source_id = s.plan_id))
      AND NOT CASE d.target_kind
        WHEN 'step' THEN coalesce((SELECT t.status = 'completed' FROM steps AS t
                                   WHERE t.id = d.target_id), true)
        WHEN 'phase' THEN NOT EXISTS (SELECT 1 FROM steps AS t WHERE t.phase_id = d.target_id
                                      AND t.status NOT IN ('completed', 'cancelled'))
        ELSE coalesce((SELECT t.status = 'completed' FROM plans AS t
                       WHERE t.id = d.target_id), true)
      END);
