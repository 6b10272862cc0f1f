-- Undoes 0010_created_session.sql: the indexes, then the columns (which
-- sessions created what is lost).
DROP INDEX IF EXISTS idx_feedback_created_session;
DROP INDEX IF EXISTS idx_requirements_created_session;
DROP INDEX IF EXISTS idx_steps_created_session;
DROP INDEX IF EXISTS idx_plans_created_session;
-- ready_steps (s.*) holds the steps column; it is made again without it.
DROP VIEW ready_steps;
ALTER TABLE feedback DROP COLUMN created_session_id;
ALTER TABLE requirements DROP COLUMN created_session_id;
ALTER TABLE steps DROP COLUMN created_session_id;
ALTER TABLE plans DROP COLUMN created_session_id;
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
