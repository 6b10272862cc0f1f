-- Undoes 0011_http_tokens.sql: every HTTP token is gone with it.
DROP TABLE http_tokens;
