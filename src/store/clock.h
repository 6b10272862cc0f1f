// Timestamps as the store writes them: UTC, ISO 8601 with milliseconds and a
// Z ("2026-12-04T19:03:59.123Z"), made here in one place for every engine, so
// they sort as text and compare the same on SQLite and PostgreSQL.
#pragma once

#include <cstdint>
#include <string>

namespace pm::store {

// Now.
std::string NowTimestamp();

// Now plus `seconds` (a lease's end).
std::string TimestampAfter(int64_t seconds);

}  // namespace pm::store
