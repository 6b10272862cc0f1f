#include "store/short_codes.h"

#include <cctype>
#include <stdexcept>

namespace pm::store {

std::string AllocateCode(Database& db, int64_t workspace_id, const std::string& prefix) {
  auto next = db.Prepare(
      "INSERT INTO code_counters (workspace_id, prefix, last_value) "
      "VALUES (?, ?, 1) ON CONFLICT (workspace_id, prefix) "
      "DO UPDATE SET last_value = code_counters.last_value + 1 RETURNING last_value");
  next.Bind(1, workspace_id);
  next.Bind(2, prefix);
  if (!next.Step()) throw std::logic_error("code counter returned no value");
  const int64_t value = next.Int64(0);
  // Step to the end, so a late failure (a full database) throws here instead of
  // being swallowed by the reset and leaving the counter silently unchanged.
  while (next.Step()) {
  }
  return prefix + std::to_string(value);
}

std::optional<std::string> NormalizeCode(const std::string& text, const std::string& prefix) {
  if (text.size() <= prefix.size()) return std::nullopt;
  for (size_t i = 0; i < prefix.size(); ++i) {
    if (std::toupper(static_cast<unsigned char>(text[i])) != prefix[i]) return std::nullopt;
  }
  for (size_t i = prefix.size(); i < text.size(); ++i) {
    if (!std::isdigit(static_cast<unsigned char>(text[i]))) return std::nullopt;
  }
  if (text[prefix.size()] == '0') return std::nullopt;
  return prefix + text.substr(prefix.size());
}

}  // namespace pm::store
