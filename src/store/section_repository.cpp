#include "store/section_repository.h"

#include "store/change_log.h"

namespace pm::store {

namespace {

const TableShape kSection{"workspace_sections", {}, {}};

json ActorName(const Actor& actor) {
  return actor.agent.empty() ? json(nullptr) : json(actor.agent);
}

}  // namespace

std::vector<json> SectionRepository::All(int64_t workspace_id) {
  return SelectAll(db_, kSection, "workspace_id = ? ORDER BY name", {workspace_id});
}

std::optional<json> SectionRepository::Get(int64_t workspace_id, const std::string& name) {
  return SelectOne(db_, kSection, "workspace_id = ? AND name = ?", {workspace_id, name});
}

json SectionRepository::Set(int64_t workspace_id, const std::string& name,
                            const std::string& content, bool append, const Actor& actor) {
  return db_.Write([&] {
    const LoggedEntity entity{kSection, "section", workspace_id};
    auto existing = Get(workspace_id, name);
    json row;
    if (existing) {
      std::string text = content;
      if (append) {
        const std::string before = (*existing)["content"];
        text = before.empty() || before.back() == '\n' ? before + content : before + "\n" + content;
      }
      row = UpdateLogged(db_, entity, (*existing)["id"],
                         {{"content", text}, {"updated_by", ActorName(actor)}}, actor);
    } else {
      row = InsertLogged(db_, entity,
                         {{"workspace_id", workspace_id},
                          {"name", name},
                          {"content", content},
                          {"updated_by", ActorName(actor)}},
                         actor);
    }
    row["created"] = !existing;
    return row;
  });
}

std::optional<json> SectionRepository::Delete(int64_t workspace_id, const std::string& name,
                                              const Actor& actor) {
  return db_.Write([&]() -> std::optional<json> {
    auto existing = Get(workspace_id, name);
    if (!existing) return std::nullopt;
    DeleteLogged(db_, {kSection, "section", workspace_id}, (*existing)["id"], *existing, actor);
    return existing;
  });
}

}  // namespace pm::store
