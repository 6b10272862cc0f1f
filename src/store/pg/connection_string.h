// Connection strings of the PostgreSQL backend: how `--db` tells PostgreSQL from
// a SQLite path, and how a connection string is shown without its password.
//
// libpq takes two forms: a URL (postgresql://user:secret@host:5432/db?sslmode=require,
// or postgres://...) and key=value pairs (host=db.example user=me password=secret).
// Any message, log line or error that names a connection string shows it through
// RedactConnectionString, which masks the password in either form (the user
// info of a URL, a password= parameter or key) as "***". Pure functions; nothing
// here throws.
#pragma once

#include <string>
#include <string_view>

namespace pm::store::pg {

// True for postgresql://... and postgres://... (scheme case-insensitive): the
// values of --db that select PostgreSQL. A path or :memory: is SQLite.
bool IsPostgresUrl(std::string_view db);

// `conninfo` with every password replaced by "***"; the rest is unchanged.
std::string RedactConnectionString(std::string_view conninfo);

// `text` with every occurrence of `secret` replaced by "***" (nothing for an
// empty secret): for server and libpq messages that might echo a password.
std::string ScrubSecret(std::string text, std::string_view secret);

}  // namespace pm::store::pg
