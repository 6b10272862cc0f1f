-- Reverses 0003_tracks.sql. ready_steps (0002) selects s.* of steps, not plans,
-- so dropping a plans column leaves it alone.
DROP INDEX idx_plans_track;
ALTER TABLE plans DROP COLUMN track_id;
DROP TABLE tracks;
