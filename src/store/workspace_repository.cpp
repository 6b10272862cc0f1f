#include "store/workspace_repository.h"
#include "store/clock.h"

#include <filesystem>
#include <set>

#include "common/user_error.h"
#include "store/change_log.h"
#include "store/dialect.h"

namespace pm::store {

using nlohmann::json;

namespace {

constexpr const char* kColumns =
    "id, code, name, path, description, metadata, created_at, updated_at";

Workspace ReadRow(Statement& q) {
  Workspace w;
  w.id = q.Int64(0);
  w.code = q.Text(1);
  w.name = q.Text(2);
  if (!q.IsNull(3)) w.path = q.Text(3);
  if (!q.IsNull(4)) w.description = q.Text(4);
  w.metadata = json::parse(q.Text(5));
  w.created_at = q.Text(6);
  w.updated_at = q.Text(7);
  return w;
}

void BindText(Statement& s, int index, const std::optional<std::string>& value) {
  if (value)
    s.Bind(index, *value);
  else
    s.Bind(index, nullptr);
}

}  // namespace

json Workspace::ToJson() const {
  return {{"id", id},
          {"code", code},
          {"name", name},
          {"path", path ? json(*path) : json(nullptr)},
          {"description", description ? json(*description) : json(nullptr)},
          {"metadata", metadata},
          {"created_at", created_at},
          {"updated_at", updated_at}};
}

std::string SlugFor(const std::string& name) {
  std::string slug;
  for (unsigned char c : name) {
    if (std::isalnum(c)) {
      slug.push_back(static_cast<char>(std::tolower(c)));
    } else if (!slug.empty() && slug.back() != '-') {
      slug.push_back('-');
    }
    if (slug.size() >= 48) break;
  }
  while (!slug.empty() && slug.back() == '-') slug.pop_back();
  if (slug.empty()) slug = "workspace";
  // An all-digit code would read as an id.
  if (slug.find_first_not_of("0123456789") == std::string::npos) slug = "w-" + slug;
  return slug;
}

std::optional<Workspace> WorkspaceRepository::FindWhere(const char* where,
                                                        const std::string& value) {
  auto q = db_.Prepare(std::string("SELECT ") + kColumns + " FROM workspaces WHERE " + where);
  q.Bind(1, value);
  if (!q.Step()) return std::nullopt;
  return ReadRow(q);
}

std::optional<Workspace> WorkspaceRepository::FindById(int64_t id) {
  auto q = db_.Prepare(std::string("SELECT ") + kColumns + " FROM workspaces WHERE id = ?");
  q.Bind(1, id);
  if (!q.Step()) return std::nullopt;
  return ReadRow(q);
}

std::optional<Workspace> WorkspaceRepository::FindByCode(const std::string& code) {
  return FindWhere("code = ?", code);
}

std::optional<Workspace> WorkspaceRepository::FindByPath(const std::string& path) {
  return FindWhere("path = ?", path);
}

std::optional<Workspace> WorkspaceRepository::FindEnclosing(const std::string& dir) {
  // A few indexed lookups, one per ancestor, beat a scan of every path.
  std::filesystem::path p(dir);
  while (!p.empty()) {
    if (auto w = FindByPath(p.string())) return w;
    if (p == p.root_path() || p.parent_path() == p) break;
    p = p.parent_path();
  }
  return std::nullopt;
}

std::string WorkspaceRepository::UniqueCode(const std::string& name) {
  const std::string base = SlugFor(name);
  std::string code = base;
  for (int n = 2; FindByCode(code); ++n) code = base + "-" + std::to_string(n);
  return code;
}

std::pair<Workspace, bool> WorkspaceRepository::Register(const NewWorkspace& spec,
                                                         const Actor& actor) {
  return db_.Write([&]() -> std::pair<Workspace, bool> {
    if (spec.path) {
      if (auto existing = FindByPath(*spec.path)) return {*existing, false};
    } else if (spec.name) {
      if (auto existing = FindWhere("name = ? AND path IS NULL", *spec.name)) {
        return {*existing, false};
      }
    }
    std::string name =
        spec.name ? *spec.name : std::filesystem::path(*spec.path).filename().string();
    if (name.empty()) name = *spec.path;  // "/" has no file name
    auto insert = db_.Prepare(
        "INSERT INTO workspaces (code, name, path, description, metadata) "
        "VALUES (?, ?, ?, ?, ?) RETURNING id");
    insert.Bind(1, UniqueCode(name));
    insert.Bind(2, name);
    BindText(insert, 3, spec.path);
    BindText(insert, 4, spec.description);
    insert.Bind(5, spec.metadata ? spec.metadata->dump() : std::string("{}"));
    insert.Step();
    const int64_t id = insert.Int64(0);
    insert.Reset();
    Workspace created = *FindById(id);
    RecordChange(db_, {id, "workspace", id, "create", nullptr, created.ToJson()}, actor);
    return {created, true};
  });
}

Workspace WorkspaceRepository::Update(int64_t id, const WorkspacePatch& patch, const Actor& actor) {
  return db_.Write([&] {
    auto before = FindById(id);
    if (!before) throw UserError("workspace " + std::to_string(id) + " no longer exists");
    if (patch.path && patch.path != before->path) {
      if (auto other = FindByPath(*patch.path)) {
        throw UserError("path " + *patch.path + " is already registered as workspace " +
                        other->code + " (#" + std::to_string(other->id) + ")");
      }
    }
    auto update = db_.Prepare(
        "UPDATE workspaces SET name = coalesce(?, name), description = coalesce(?, description), "
        "path = coalesce(?, path), metadata = coalesce(?, metadata), "
        "updated_at = ? WHERE id = ?");
    BindText(update, 1, patch.name);
    BindText(update, 2, patch.description);
    BindText(update, 3, patch.path);
    BindText(update, 4,
             patch.metadata ? std::optional<std::string>(patch.metadata->dump()) : std::nullopt);
    update.Bind(5, NowTimestamp());
    update.Bind(6, id);
    update.Exec();
    Workspace after = *FindById(id);
    RecordChange(db_, {id, "workspace", id, "update", before->ToJson(), after.ToJson()}, actor);
    return after;
  });
}

ContentCounts WorkspaceRepository::CountContent(int64_t id) {
  if (!content_tables_loaded_) {
    // Every table with a foreign key to workspaces, except the logs, holds content.
    const std::set<std::string> logs = {"update_log", "event_log", "code_counters",
                                        "program_workspace_links"};
    auto q = db_.Prepare(ForeignKeysSql(db_.engine()));
    while (q.Step()) {
      if (q.Text(2) != "workspaces" || logs.count(q.Text(0))) continue;
      content_tables_.emplace_back(q.Text(0), q.Text(1));
    }
    content_tables_loaded_ = true;
  }
  ContentCounts counts;
  for (const auto& [table, column] : content_tables_) {
    auto count = db_.Prepare("SELECT count(*) FROM \"" + table + "\" WHERE \"" + column + "\" = ?");
    count.Bind(1, id);
    count.Step();
    if (int64_t n = count.Int64(0); n > 0) counts.emplace_back(table, n);
  }
  return counts;
}

ContentCounts WorkspaceRepository::Delete(int64_t id, bool force, const Actor& actor) {
  return db_.Write([&] {
    auto before = FindById(id);
    if (!before) throw UserError("workspace " + std::to_string(id) + " no longer exists");
    ContentCounts counts = CountContent(id);
    if (!counts.empty() && !force) {
      std::string held;
      for (const auto& [table, n] : counts) {
        held += (held.empty() ? "" : ", ") + std::to_string(n) + " " + table;
      }
      throw UserError("workspace " + before->code + " still holds " + held +
                      "; pass confirm=true to delete it with everything in it");
    }
    auto remove = db_.Prepare("DELETE FROM workspaces WHERE id = ?");
    remove.Bind(1, id);
    remove.Exec();
    RecordChange(db_, {std::nullopt, "workspace", id, "delete", before->ToJson(), nullptr}, actor);
    return counts;
  });
}

WorkspacePage WorkspaceRepository::List(int limit, int64_t after_id) {
  WorkspacePage page;
  // Keyset paging on the primary key: stable while rows are added.
  auto q = db_.Prepare(std::string("SELECT ") + kColumns +
                       " FROM workspaces WHERE id > ? ORDER BY id LIMIT ?");
  q.Bind(1, after_id);
  q.Bind(2, limit + 1);
  while (q.Step()) page.items.push_back(ReadRow(q));
  if (static_cast<int>(page.items.size()) > limit) {
    page.items.pop_back();
    page.next_after_id = page.items.back().id;
  }
  return page;
}

}  // namespace pm::store
