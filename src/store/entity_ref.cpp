#include "store/entity_ref.h"

#include <vector>

#include "store/short_codes.h"

namespace pm::store {

std::optional<int64_t> RefAsId(const json& ref) {
  if (ref.is_number_integer()) return ref.get<int64_t>();
  if (!ref.is_string()) return std::nullopt;
  const std::string text = ref.get<std::string>();
  if (text.empty() || text.size() >= 19 ||
      text.find_first_not_of("0123456789") != std::string::npos) {
    return std::nullopt;
  }
  return std::stoll(text);
}

namespace {

// The condition and parameters that select the workspace's row `ref` names,
// or none when `ref` cannot name one.
struct RefCondition {
  const char* where;
  std::vector<json> params;
};

std::optional<RefCondition> ConditionFor(int64_t workspace_id, const json& ref,
                                         const std::string& code_prefix) {
  if (auto id = RefAsId(ref))
    return RefCondition{"id = ? AND workspace_id = ?", {*id, workspace_id}};
  if (!ref.is_string()) return std::nullopt;
  auto code = NormalizeCode(ref.get<std::string>(), code_prefix);
  if (!code) return std::nullopt;
  // Uses the UNIQUE (workspace_id, code) index.
  return RefCondition{"workspace_id = ? AND code = ?", {workspace_id, *code}};
}

}  // namespace

std::optional<json> FindByRef(Database& db, const TableShape& shape, int64_t workspace_id,
                              const json& ref, const std::string& code_prefix) {
  auto condition = ConditionFor(workspace_id, ref, code_prefix);
  if (!condition) return std::nullopt;
  return SelectOne(db, shape, condition->where, condition->params);
}

std::optional<int64_t> FindIdByRef(Database& db, const TableShape& shape, int64_t workspace_id,
                                   const json& ref, const std::string& code_prefix) {
  auto condition = ConditionFor(workspace_id, ref, code_prefix);
  if (!condition) return std::nullopt;
  auto select =
      db.Prepare("SELECT id FROM " + CheckIdentifier(shape.table) + " WHERE " + condition->where);
  for (size_t i = 0; i < condition->params.size(); ++i) {
    BindJson(select, static_cast<int>(i + 1), condition->params[i]);
  }
  if (!select.Step()) return std::nullopt;
  return select.Int64(0);
}

}  // namespace pm::store
