-- Undoes 0006_scheduling.sql: ready_steps goes back to 0002's definition
-- (phases only), step claims and dependencies are dropped. Columns are dropped
-- newest first, so each drop removes exactly the text its ADD COLUMN appended.
DROP VIEW ready_steps;
DROP INDEX idx_steps_phase_status;
DROP INDEX idx_steps_lease;
DROP TRIGGER steps_end_claim;
ALTER TABLE steps DROP COLUMN lease_expires_at;
ALTER TABLE steps DROP COLUMN claimed_at;
ALTER TABLE steps DROP COLUMN holder_session;
ALTER TABLE steps DROP COLUMN holder_agent;
DROP TRIGGER plans_delete_dependencies;
DROP TRIGGER phases_delete_dependencies;
DROP TRIGGER steps_delete_dependencies;
DROP TABLE dependencies;
-- 0002's view, verbatim.
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
      AND es.status NOT IN ('completed', 'cancelled'));
