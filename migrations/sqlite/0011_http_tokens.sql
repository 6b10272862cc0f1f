-- 0011: bearer tokens of the HTTP server (project-memory serve --http). A token
-- is shown once, when `project-memory token create` makes it; only its SHA-256
-- hash is kept. Servers sharing this database share its tokens, so revoking one
-- takes effect on every server's next request. Not exported (see
-- src/store/export_tables.h): tokens belong to this database's servers.

CREATE TABLE http_tokens (
  id          INTEGER PRIMARY KEY AUTOINCREMENT,
  name        TEXT NOT NULL UNIQUE CHECK (length(name) BETWEEN 1 AND 64),
  token_hash  TEXT NOT NULL UNIQUE CHECK (length(token_hash) = 64),
  prefix      TEXT NOT NULL,                     -- the token's first characters, to recognise it
  read_only   INTEGER NOT NULL DEFAULT 0 CHECK (read_only IN (0, 1)),
  created_at  TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now'))
);
