#include "store/git_link_repository.h"

#include <regex>
#include <set>

#include "store/change_log.h"
#include "store/shapes.h"

namespace pm::store {

json GitLinkRepository::Link(const GitLinkSpec& spec, const Actor& actor) {
  return db_.Write([&] {
    json values = {{"workspace_id", spec.workspace_id},
                   {"plan_id", spec.plan_id},
                   {"kind", spec.kind},
                   {"ref", spec.ref}};
    values["step_id"] = spec.step_id ? json(*spec.step_id) : json(nullptr);
    values["message"] = spec.message ? json(*spec.message) : json(nullptr);
    values["committed_at"] = spec.committed_at ? json(*spec.committed_at) : json(nullptr);
    auto existing = SelectOne(db_, shapes::kGitLink,
                              "plan_id = ? AND coalesce(step_id, 0) = ? AND kind = ? AND ref = ?",
                              {spec.plan_id, spec.step_id.value_or(0), spec.kind, spec.ref});
    int64_t id;
    if (existing) {
      id = (*existing)["id"];
      json patch = json::object();
      if (spec.message) patch["message"] = *spec.message;
      if (spec.committed_at) patch["committed_at"] = *spec.committed_at;
      if (!patch.empty()) UpdateRow(db_, "git_links", id, patch, false);
    } else {
      id = InsertRow(db_, "git_links", values);
    }
    json row = *SelectOne(db_, shapes::kGitLink, "id = ?", {id});
    RecordChange(db_,
                 {spec.workspace_id, "git_link", id, existing ? "update" : "create",
                  existing ? *existing : json(nullptr), row},
                 actor);
    return row;
  });
}

std::vector<json> GitLinkRepository::Find(int64_t workspace_id, const std::string& ref) {
  std::vector<json> found;
  std::set<std::pair<std::string, int64_t>> seen;
  auto add = [&](const std::string& kind, const json& row, const std::string& via) {
    if (!seen.insert({kind, row["id"].get<int64_t>()}).second) return;
    found.push_back({{"kind", kind},
                     {"id", row["id"]},
                     {"code", row["code"]},
                     {"title", kind == "plan" ? row["title"] : row["task"]},
                     {"plan_id", kind == "plan" ? row["id"] : row["plan_id"]},
                     {"via", via}});
  };
  // Linked refs first; idx_git_links_ref serves the exact match. A SHA may be
  // given abbreviated (7+ characters).
  static const std::regex kSha("[0-9a-fA-F]{7,40}");
  const bool sha = std::regex_match(ref, kSha);
  for (const auto& link : Query(
           db_, shapes::kGitLink,
           "SELECT * FROM git_links WHERE workspace_id = ? AND (ref = ? OR (? AND kind = 'commit' "
           "AND ref LIKE ? || '%')) ORDER BY id",
           {workspace_id, ref, sha ? 1 : 0, ref})) {
    const std::string via = "linked " + link["kind"].get<std::string>();
    if (!link["step_id"].is_null()) {
      if (auto step = SelectOne(db_, shapes::kStep, "id = ?", {link["step_id"]}))
        add("step", *step, via);
    }
    if (auto plan = SelectOne(db_, shapes::kPlan, "id = ?", {link["plan_id"]}))
      add("plan", *plan, via);
  }
  // Short codes inside the name: feature/P12-login, T51-fix-parser.
  static const std::regex kCode(R"((^|[^A-Za-z0-9])(P|T)([1-9][0-9]*)(?=$|[^0-9]))",
                                std::regex::icase);
  for (auto it = std::sregex_iterator(ref.begin(), ref.end(), kCode); it != std::sregex_iterator();
       ++it) {
    const std::string prefix = (*it)[2].str() == "t" || (*it)[2].str() == "T" ? "T" : "P";
    const std::string code = prefix + (*it)[3].str();
    const TableShape& shape = prefix == "P" ? shapes::kPlan : shapes::kStep;
    if (auto row = SelectOne(db_, shape, "workspace_id = ? AND code = ?", {workspace_id, code})) {
      add(prefix == "P" ? "plan" : "step", *row, "code in name");
    }
  }
  return found;
}

}  // namespace pm::store
