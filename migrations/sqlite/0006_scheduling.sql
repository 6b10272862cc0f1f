-- 0006: scheduling — dependencies between plans, phases and steps, step claims
-- with leases, and the ready_steps view that puts them together.
-- (0004 and 0005 are taken by other work; the migrator applies files in order.)

-- "source depends on target": the source waits until the target is complete
-- (kind blocks) or only wants to know about it (kind informs). Endpoints are
-- polymorphic, so there are no foreign keys to them: triggers below delete the
-- edges of a deleted plan, phase or step, and plan_archive.cpp archives and
-- restores the edges of an archived plan. Cycles are refused in code
-- (dependency_repository.cpp), where they can be named.
-- AUTOINCREMENT: ids are never reused, so an archived edge comes back with its id.
CREATE TABLE dependencies (
  id           INTEGER PRIMARY KEY AUTOINCREMENT,
  workspace_id INTEGER NOT NULL REFERENCES workspaces(id) ON DELETE CASCADE,
  source_kind  TEXT NOT NULL CHECK (source_kind IN ('plan', 'phase', 'step')),
  source_id    INTEGER NOT NULL,
  target_kind  TEXT NOT NULL CHECK (target_kind IN ('plan', 'phase', 'step')),
  target_id    INTEGER NOT NULL,
  kind         TEXT NOT NULL DEFAULT 'blocks' CHECK (kind IN ('blocks', 'informs')),
  created_by   TEXT,
  created_at   TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')),
  CHECK (source_kind <> target_kind OR source_id <> target_id),
  -- One edge per ordered pair; also the index of "what does X depend on".
  UNIQUE (source_kind, source_id, target_kind, target_id)
);
-- "What depends on X".
CREATE INDEX idx_dependencies_target ON dependencies (target_kind, target_id);
CREATE INDEX idx_dependencies_workspace ON dependencies (workspace_id);

CREATE TRIGGER steps_delete_dependencies AFTER DELETE ON steps BEGIN
  DELETE FROM dependencies WHERE source_kind = 'step' AND source_id = old.id;
  DELETE FROM dependencies WHERE target_kind = 'step' AND target_id = old.id;
END;
CREATE TRIGGER phases_delete_dependencies AFTER DELETE ON phases BEGIN
  DELETE FROM dependencies WHERE source_kind = 'phase' AND source_id = old.id;
  DELETE FROM dependencies WHERE target_kind = 'phase' AND target_id = old.id;
END;
CREATE TRIGGER plans_delete_dependencies AFTER DELETE ON plans BEGIN
  DELETE FROM dependencies WHERE source_kind = 'plan' AND source_id = old.id;
  DELETE FROM dependencies WHERE target_kind = 'plan' AND target_id = old.id;
END;

-- A claim: who holds an in_progress step and until when. A lease that runs out
-- returns the step to pending inside the next claim transaction of its workspace.
ALTER TABLE steps ADD COLUMN holder_agent TEXT;
ALTER TABLE steps ADD COLUMN holder_session TEXT;
ALTER TABLE steps ADD COLUMN claimed_at TEXT;
ALTER TABLE steps ADD COLUMN lease_expires_at TEXT
  CHECK (lease_expires_at IS NULL OR claimed_at IS NOT NULL);

-- Leaving in_progress by any route (including writers that know nothing of
-- claims) ends the claim, so a lease never outlives its step's work.
CREATE TRIGGER steps_end_claim AFTER UPDATE OF status ON steps
WHEN new.status <> 'in_progress' AND new.claimed_at IS NOT NULL BEGIN
  UPDATE steps SET holder_agent = NULL, holder_session = NULL, claimed_at = NULL,
                   lease_expires_at = NULL
  WHERE id = old.id;
END;

-- Expired leases of a workspace, oldest first: a range scan of this small
-- partial index, never a scan of the steps.
CREATE INDEX idx_steps_lease ON steps (workspace_id, lease_expires_at)
  WHERE lease_expires_at IS NOT NULL;
-- The open (or pending) steps of a phase in order: the front phase of a plan
-- and the next step in it are index lookups.
CREATE INDEX idx_steps_phase_status ON steps (phase_id, status, order_index);

-- Steps an agent may start now: pending, in a plan that is planned or active,
-- every earlier phase of the plan done (its steps completed or cancelled), and
-- every blocking dependency of the step, of its phase and of its plan complete:
-- a step target completed, a phase target with all steps completed or
-- cancelled, a plan target completed. Archived plans are not in these tables,
-- so they are never ready (and their edges are archived with them).
-- src/store/scheduler.cpp answers the same question plan by plan for speed;
-- tests check the two agree.
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
                                   WHERE t.id = d.target_id), 1)
        WHEN 'phase' THEN NOT EXISTS (SELECT 1 FROM steps AS t WHERE t.phase_id = d.target_id
                                      AND t.status NOT IN ('completed', 'cancelled'))
        ELSE coalesce((SELECT t.status = 'completed' FROM plans AS t
                       WHERE t.id = d.target_id), 1)
      END);
