#include "store/entity_ref.h"

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

std::optional<json> FindByRef(Database& db, const TableShape& shape, int64_t workspace_id,
                              const json& ref, const std::string& code_prefix) {
  if (auto id = RefAsId(ref)) {
    return SelectOne(db, shape, "id = ? AND workspace_id = ?", {*id, workspace_id});
  }
  if (!ref.is_string()) return std::nullopt;
  auto code = NormalizeCode(ref.get<std::string>(), code_prefix);
  if (!code) return std::nullopt;
  // Uses the UNIQUE (workspace_id, code) index.
  return SelectOne(db, shape, "workspace_id = ? AND code = ?", {workspace_id, *code});
}

std::optional<int64_t> FindIdByRef(Database& db, const TableShape& shape, int64_t workspace_id,
                                   const json& ref, const std::string& code_prefix) {
  const std::string from = "SELECT id FROM " + CheckIdentifier(shape.table) + " WHERE ";
  std::optional<Statement> select;
  if (auto id = RefAsId(ref)) {
    select.emplace(db.Prepare(from + "id = ? AND workspace_id = ?"));
    select->Bind(1, *id);
    select->Bind(2, workspace_id);
  } else {
    if (!ref.is_string()) return std::nullopt;
    auto code = NormalizeCode(ref.get<std::string>(), code_prefix);
    if (!code) return std::nullopt;
    // Uses the UNIQUE (workspace_id, code) index.
    select.emplace(db.Prepare(from + "workspace_id = ? AND code = ?"));
    select->Bind(1, workspace_id);
    select->Bind(2, *code);
  }
  if (!select->Step()) return std::nullopt;
  return select->Int64(0);
}

}  // namespace pm::store
