-- Undoes 0003_tracks.sql: plans lose their track, then the tracks go.
DROP INDEX idx_plans_track;
ALTER TABLE plans DROP COLUMN track_id;
DROP TABLE tracks;
