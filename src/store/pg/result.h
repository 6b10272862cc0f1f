// Result is the rows one statement returned, read through a cursor, with the
// cells converted to the shapes the SQLite store gives:
//
//   PostgreSQL type                    Value
//   smallint, integer, bigint, oid     integer (int64)
//   boolean                            integer 0 / 1
//   real, double precision, numeric    real (double)
//   timestamptz, timestamp             text, ISO-8601 UTC with milliseconds and a Z
//                                      ("2026-12-04T19:03:59.123Z", as SQLite stores)
//   json, jsonb                        text: compact JSON, object keys sorted (as
//                                      the store writes it, nlohmann's dump)
//   anything else (text, ...)          text
//   NULL                               null
//
// It owns the libpq result (freed with it). Move-only. The connection need not
// outlive it. Reading a column out of range throws std::out_of_range.
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "store/pg/value.h"

struct pg_result;

namespace pm::store::pg {

class Result {
 public:
  // Takes ownership of `result` (a PGRES_TUPLES_OK or PGRES_COMMAND_OK one).
  explicit Result(pg_result* result);
  Result(Result&&) noexcept;
  Result& operator=(Result&&) noexcept;
  ~Result();

  int row_count() const { return rows_; }
  int column_count() const { return static_cast<int>(columns_.size()); }
  const std::string& column_name(int column) const;
  // The kind every non-null cell of the column has, by the column's type.
  ValueKind column_kind(int column) const;
  // The index of the column named `name`, if any.
  std::optional<int> FindColumn(std::string_view name) const;

  // Rows inserted, updated or deleted by the statement (PQcmdTuples); for a
  // SELECT, the rows returned.
  int64_t rows_changed() const { return changed_; }

  // The cursor: before the first row until Next() is called. Next() moves to
  // the next row and returns false past the last one.
  bool Next();
  int row() const { return row_; }

  // Cells of the current row.
  Value Get(int column) const { return At(row_, column); }
  Value Get(std::string_view column) const;
  bool IsNull(int column) const;

  // Any cell. REQUIRES: 0 <= row < row_count().
  Value At(int row, int column) const;

 private:
  enum class Conversion { kInteger, kBoolean, kReal, kTimestamp, kJson, kText };
  struct Column {
    std::string name;
    Conversion conversion;
  };
  const Column& ColumnAt(int column) const;

  std::unique_ptr<pg_result, void (*)(pg_result*)> result_;
  std::vector<Column> columns_;
  int rows_ = 0;
  int row_ = -1;
  int64_t changed_ = 0;
};

// PostgreSQL's ISO output of a timestamptz in UTC ("2026-12-04 19:03:59.123456+00",
// DateStyle ISO) as the store writes times: "2026-12-04T19:03:59.123Z" (fraction
// truncated to milliseconds). nullopt for anything else (infinity, BC dates,
// another time zone).
std::optional<std::string> IsoTimestamp(std::string_view postgres_text);

}  // namespace pm::store::pg
