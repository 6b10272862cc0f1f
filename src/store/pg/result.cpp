#include "store/pg/result.h"

#include "store/pg/libpq.h"

#include <cctype>
#include <charconv>
#include <cstdlib>
#include <cstring>
#include <nlohmann/json.hpp>
#include <stdexcept>

namespace pm::store::pg {

namespace {

// Type OIDs from the server's catalog (pg_type.h): fixed since PostgreSQL 7.
constexpr Oid kBool = 16, kInt8 = 20, kInt2 = 21, kInt4 = 23, kOid = 26, kFloat4 = 700,
              kFloat8 = 701, kTimestamp = 1114, kTimestampTz = 1184, kNumeric = 1700, kJson = 114,
              kJsonb = 3802;

void Clear(pg_result* result) { Pq().PQclear(result); }

bool Digits(std::string_view text, size_t at, size_t count) {
  if (at + count > text.size()) return false;
  for (size_t i = at; i < at + count; ++i) {
    if (!std::isdigit(static_cast<unsigned char>(text[i]))) return false;
  }
  return true;
}

}  // namespace

std::optional<std::string> IsoTimestamp(std::string_view t) {
  // YYYY-MM-DD HH:MM:SS[.ffffff][+00 | +00:00] (timestamp without zone has no offset)
  if (!Digits(t, 0, 4) || t.size() < 19 || t[4] != '-' || !Digits(t, 5, 2) || t[7] != '-' ||
      !Digits(t, 8, 2) || t[10] != ' ' || !Digits(t, 11, 2) || t[13] != ':' || !Digits(t, 14, 2) ||
      t[16] != ':' || !Digits(t, 17, 2)) {
    return std::nullopt;
  }
  std::string out(t.substr(0, 19));
  out[10] = 'T';
  size_t i = 19;
  std::string fraction;
  if (i < t.size() && t[i] == '.') {
    ++i;
    while (i < t.size() && std::isdigit(static_cast<unsigned char>(t[i]))) fraction += t[i++];
  }
  std::string_view zone = t.substr(i);
  if (!zone.empty() && zone != "+00" && zone != "+00:00") return std::nullopt;
  fraction.resize(3, '0');
  return out + "." + fraction + "Z";
}

Result::Result(pg_result* result) : result_(result, &Clear) {
  if (!result_) throw std::invalid_argument("Result: no libpq result");
  rows_ = Pq().PQntuples(result);
  const int columns = Pq().PQnfields(result);
  columns_.reserve(static_cast<size_t>(columns));
  for (int c = 0; c < columns; ++c) {
    Conversion conversion = Conversion::kText;
    switch (Pq().PQftype(result, c)) {
      case kInt8:
      case kInt2:
      case kInt4:
      case kOid:
        conversion = Conversion::kInteger;
        break;
      case kBool:
        conversion = Conversion::kBoolean;
        break;
      case kFloat4:
      case kFloat8:
      case kNumeric:
        conversion = Conversion::kReal;
        break;
      case kTimestamp:
      case kTimestampTz:
        conversion = Conversion::kTimestamp;
        break;
      case kJson:
      case kJsonb:
        conversion = Conversion::kJson;
        break;
      default:
        break;
    }
    columns_.push_back({Pq().PQfname(result, c), conversion});
  }
  const char* tuples = Pq().PQcmdTuples(result);
  changed_ = tuples && *tuples ? std::strtoll(tuples, nullptr, 10) : 0;
}

Result::Result(Result&&) noexcept = default;
Result& Result::operator=(Result&&) noexcept = default;
Result::~Result() = default;

const Result::Column& Result::ColumnAt(int column) const {
  if (column < 0 || column >= column_count()) {
    throw std::out_of_range("result has no column " + std::to_string(column));
  }
  return columns_[static_cast<size_t>(column)];
}

const std::string& Result::column_name(int column) const { return ColumnAt(column).name; }

ValueKind Result::column_kind(int column) const {
  switch (ColumnAt(column).conversion) {
    case Conversion::kInteger:
    case Conversion::kBoolean:
      return ValueKind::kInteger;
    case Conversion::kReal:
      return ValueKind::kReal;
    default:
      return ValueKind::kText;
  }
}

std::optional<int> Result::FindColumn(std::string_view name) const {
  for (size_t c = 0; c < columns_.size(); ++c) {
    if (columns_[c].name == name) return static_cast<int>(c);
  }
  return std::nullopt;
}

bool Result::Next() {
  if (row_ < rows_) ++row_;
  return row_ < rows_;
}

Value Result::Get(std::string_view column) const {
  auto index = FindColumn(column);
  if (!index) throw std::out_of_range("result has no column " + std::string(column));
  return Get(*index);
}

bool Result::IsNull(int column) const {
  ColumnAt(column);
  if (row_ < 0 || row_ >= rows_) throw std::out_of_range("the cursor is not on a row");
  return Pq().PQgetisnull(result_.get(), row_, column) != 0;
}

Value Result::At(int row, int column) const {
  const Column& c = ColumnAt(column);
  if (row < 0 || row >= rows_) throw std::out_of_range("result has no row " + std::to_string(row));
  if (Pq().PQgetisnull(result_.get(), row, column)) return std::monostate{};
  const char* text = Pq().PQgetvalue(result_.get(), row, column);
  switch (c.conversion) {
    case Conversion::kInteger: {
      int64_t value = 0;
      std::from_chars(text, text + std::strlen(text), value);
      return value;
    }
    case Conversion::kBoolean:
      return static_cast<int64_t>(text[0] == 't' ? 1 : 0);
    case Conversion::kReal: {
      // from_chars ignores the process locale; numeric beyond double's range
      // falls back to strtod's infinity.
      double value = 0;
      auto [end, error] = std::from_chars(text, text + std::strlen(text), value);
      return error == std::errc() ? value : std::strtod(text, nullptr);
    }
    case Conversion::kTimestamp: {
      auto iso = IsoTimestamp(text);
      return iso ? *iso : std::string(text);
    }
    case Conversion::kJson: {
      // Compact, keys in order: the text the store writes (nlohmann's dump).
      auto parsed = nlohmann::json::parse(text, nullptr, /*allow_exceptions=*/false);
      return parsed.is_discarded() ? std::string(text) : parsed.dump();
    }
    default:
      return std::string(text, static_cast<size_t>(Pq().PQgetlength(result_.get(), row, column)));
  }
}

}  // namespace pm::store::pg
