-- Reverses 0006_scheduling.sql: the ready_steps of 0002 comes back.
DROP VIEW ready_steps;
DROP INDEX idx_steps_phase_status;
DROP INDEX idx_steps_lease;
DROP TRIGGER steps_end_claim ON steps;
DROP FUNCTION pm_steps_end_claim();
ALTER TABLE steps DROP CONSTRAINT steps_lease_expires_at_check;
ALTER TABLE steps DROP COLUMN lease_expires_at;
ALTER TABLE steps DROP COLUMN claimed_at;
ALTER TABLE steps DROP COLUMN holder_session;
ALTER TABLE steps DROP COLUMN holder_agent;
DROP TRIGGER plans_delete_dependencies ON plans;
DROP TRIGGER phases_delete_dependencies ON phases;
DROP TRIGGER steps_delete_dependencies ON steps;
DROP FUNCTION pm_delete_dependencies();
DROP TABLE dependencies;

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
