// The values that cross the PostgreSQL wrapper: Param, what a statement binds
// (null, integer, real, boolean, text), and Value, what a result cell holds
// (null, integer, real, text) — the shapes the SQLite store reads, so callers
// see one kind of row whatever the engine (booleans come back as 0/1 integers,
// timestamps and JSON as text).
//
// Params travel as text and the server gives each one the type its place in
// the statement calls for: an integer 1 goes into a bigint or a boolean column
// alike, a text into text, jsonb or timestamptz. A parameter whose type the
// statement does not settle (`? IS NULL` before any comparison) is refused by
// the server; write CAST(? AS BIGINT) there.
#pragma once

#include <charconv>
#include <concepts>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <variant>

namespace pm::store::pg {

enum class ValueKind { kNull, kInteger, kReal, kText };

// A result cell. The variant's index is the ValueKind.
using Value = std::variant<std::monostate, int64_t, double, std::string>;

inline ValueKind KindOf(const Value& value) { return static_cast<ValueKind>(value.index()); }

class Param {
 public:
  Param(std::nullptr_t) {}  // NOLINT: implicit, so binds read as values
  Param(bool value) : text_(value ? "1" : "0"), null_(false) {}  // NOLINT
  template <std::integral T>
  requires(!std::same_as<T, bool>) Param(T value)
      : text_(std::to_string(value)), null_(false) {}  // NOLINT
  Param(double value) : null_(false) {  // NOLINT: shortest text that reads back exactly
    char buffer[32];
    auto end = std::to_chars(buffer, buffer + sizeof buffer, value).ptr;
    text_.assign(buffer, end);
  }
  Param(std::string value) : text_(std::move(value)), null_(false) {}               // NOLINT
  Param(std::string_view value) : text_(value), null_(false) {}                     // NOLINT
  Param(const char* value) : text_(value ? value : ""), null_(value == nullptr) {}  // NOLINT
  template <typename T>
  Param(const std::optional<T>& value) : Param(nullptr) {  // NOLINT
    if (value) *this = Param(*value);
  }

  bool is_null() const { return null_; }
  // The text sent to the server (empty for null).
  const std::string& text() const { return text_; }

 private:
  std::string text_;
  bool null_ = true;
};

}  // namespace pm::store::pg
