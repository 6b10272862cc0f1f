// memory_context: memory anchored to any entity, research documents,
// knowledge, workspace sections, full-text search (the tool catalog included)
// and help for any tool. See catalog/memory_context.json; the rules live in the
// store's Context/Research/Knowledge/Section repositories and SearchIndex.
#include "catalog/validator.h"
#include "common/text.h"
#include "common/user_error.h"
#include "store/context_repository.h"
#include "store/knowledge_repository.h"
#include "store/research_repository.h"
#include "store/search_index.h"
#include "store/section_repository.h"
#include "store/shapes.h"
#include "store/short_codes.h"
#include "tools/all_tools.h"
#include "tools/list_cursor.h"
#include "tools/page_result.h"
#include "tools/tool_args.h"

namespace pm::tools {

namespace {

using mcp::ActionCall;
using mcp::ToolResult;

std::string DataText(const json& data, size_t max = 200) {
  return Summarize(data.is_string() ? data.get<std::string>() : data.dump(), max);
}

// "#12 decisions @ plan 3: {...}"
std::string ItemLine(const json& item) {
  std::string line = "#" + item["id"].dump() + " " + item["type"].get<std::string>() + " @ " +
                     item["anchor_kind"].get<std::string>() + " " + item["anchor_id"].dump() +
                     " (" + item["updated_at"].get<std::string>() + ")";
  if (item.contains("data")) return line + ": " + DataText(item["data"], 120);
  return line + ": " + Summarize(item["preview"].get<std::string>(), 120);
}

std::string KnowledgeLine(const json& k) {
  std::string line = k["slug"].get<std::string>() + ": " + k["title"].get<std::string>();
  if (k["category"].is_string()) line += " [" + k["category"].get<std::string>() + "]";
  if (!k["tags"].empty()) line += " tags " + k["tags"].dump();
  return line;
}

// A compact parameter list of a catalog action: "title*" for required ones.
json ParamNames(const catalog::Action& action) {
  json names = json::array();
  for (const auto& p : action.params) names.push_back(p.name + (p.required ? "*" : ""));
  return names;
}

class ContextTool {
 public:
  explicit ContextTool(ToolEnv& env)
      : env_(env),
        context_(env.db),
        research_(env.db),
        knowledge_(env.db),
        sections_(env.db),
        search_(env.db) {}

  ToolResult Store(const ActionCall& call) {
    store::Workspace ws = WorkspaceFor(env_, call.args);
    store::Actor actor = ActorFor(env_, call.args);
    json item = context_.Store(ws.id, Item(ws, call.args, actor), actor);
    ToolResult result;
    result.text =
        std::string(item["created"].get<bool>() ? "Stored " : "Replaced ") + ItemLine(item);
    result.structured = {{"item", std::move(item)}};
    return result;
  }

  ToolResult BatchStore(const ActionCall& call) {
    store::Workspace ws = WorkspaceFor(env_, call.args);
    const catalog::Action* store_action = call.tool.FindAction("store");
    store::Actor actor = ActorFor(env_, call.args);
    std::vector<store::NewContext> items;
    for (size_t i = 0; i < call.args["items"].size(); ++i) {
      const json& raw = call.args["items"][i];
      const std::string where = "items[" + std::to_string(i) + "]";
      if (raw.contains("workspace") || raw.contains("agent") || raw.contains("action")) {
        throw UserError(where + ": give workspace and agent once, beside items");
      }
      json with_action = raw;
      with_action["action"] = store_action->name;
      auto checked = catalog::ValidateCall(call.tool, with_action);
      if (auto* error = std::get_if<catalog::ValidationError>(&checked)) {
        throw UserError(where + ": " + error->message);
      }
      items.push_back(Item(ws, std::get<catalog::ValidatedCall>(checked).args, actor));
    }
    if (items.empty()) throw UserError("items is empty: give at least one {type, data}");
    std::vector<json> stored = context_.StoreBatch(ws.id, items, actor);
    ToolResult result;
    result.text = "Stored " + std::to_string(stored.size()) + " items:";
    for (const auto& item : stored) result.text += "\n- " + ItemLine(item);
    result.structured = {{"items", std::move(stored)}};
    return result;
  }

  ToolResult Get(const ActionCall& call) {
    store::Workspace ws = WorkspaceFor(env_, call.args);
    json item = RequireItem(ws, call.args["id"]);
    ToolResult result;
    result.text =
        ItemLine(item) + "\n" +
        (item["data"].is_string() ? item["data"].get<std::string>() : item["data"].dump(2));
    result.structured = {{"item", std::move(item)}};
    return result;
  }

  ToolResult List(const ActionCall& call) {
    const json& a = call.args;
    store::Workspace ws = WorkspaceFor(env_, a);
    store::ContextFilter filter;
    filter.anchor = OptionalAnchor(ws, a);
    filter.type = OptString(a, "type");
    filter.since = OptString(a, "since");
    filter.until = OptString(a, "until");
    return PageResult("items", context_.List(ws.id, filter, a["limit"], CursorAfter(a)), ItemLine,
                      "No memory matches in workspace " + ws.code + ".");
  }

  ToolResult ListTypes(const ActionCall& call) {
    store::Workspace ws = WorkspaceFor(env_, call.args);
    auto anchor = OptionalAnchor(ws, call.args);
    return PageResult(
        "types", PageOfAll(context_.Types(ws.id, anchor), call.args),
        [](const json& t) {
          return t["type"].get<std::string>() + ": " + t["count"].dump() + " (latest " +
                 t["updated_at"].get<std::string>() + ")";
        },
        "No memory on " + (anchor ? anchor->label : "workspace " + ws.code) + ".");
  }

  ToolResult Delete(const ActionCall& call) {
    store::Workspace ws = WorkspaceFor(env_, call.args);
    auto item = context_.Delete(ws.id, call.args["id"], ActorFor(env_, call.args));
    if (!item) throw UserError(NoItem(ws, call.args["id"]));
    ToolResult result;
    result.text = "Deleted " + ItemLine(*item);
    result.structured = {{"item", std::move(*item)}};
    return result;
  }

  ToolResult ResearchAppend(const ActionCall& call) {
    const json& a = call.args;
    store::Workspace ws = WorkspaceFor(env_, a);
    json doc = research_.Append(ws.id, OptionalPlan(ws, a), NonBlank(a, "name"),
                                a["content"].get<std::string>(), ActorFor(env_, a));
    ToolResult result;
    result.text = std::string(doc["created"].get<bool>() ? "Created " : "Appended to ") +
                  doc["name"].get<std::string>() + " (" + doc["size"].dump() + " bytes).";
    result.structured = {{"document", std::move(doc)}};
    return result;
  }

  ToolResult ResearchGet(const ActionCall& call) {
    const json& a = call.args;
    store::Workspace ws = WorkspaceFor(env_, a);
    auto doc = research_.Get(ws.id, OptionalPlan(ws, a), a["name"]);
    if (!doc) {
      throw UserError("no research document " + a["name"].get<std::string>() +
                      (a.contains("plan") ? " on that plan" : " of workspace " + ws.code) +
                      "; research_list shows the names");
    }
    ToolResult result;
    result.text = (*doc)["name"].get<std::string>() + "\n" + (*doc)["content"].get<std::string>();
    result.structured = {{"document", std::move(*doc)}};
    return result;
  }

  ToolResult ResearchList(const ActionCall& call) {
    const json& a = call.args;
    store::Workspace ws = WorkspaceFor(env_, a);
    return PageResult(
        "documents", research_.List(ws.id, OptionalPlan(ws, a), a["limit"], CursorAfter(a)),
        [](const json& d) {
          return d["name"].get<std::string>() +
                 (d["plan_id"].is_null() ? "" : " (plan #" + d["plan_id"].dump() + ")") + ", " +
                 d["size"].dump() + " bytes, updated " + d["updated_at"].get<std::string>();
        },
        "No research documents.");
  }

  ToolResult KnowledgeStore(const ActionCall& call) {
    const json& a = call.args;
    store::Workspace ws = WorkspaceFor(env_, a);
    std::string slug = store::Slugify(a.contains("slug") ? a["slug"].get<std::string>()
                                                         : a.value("title", std::string()));
    if (slug.empty()) throw UserError("give a slug, or a title to make one from");
    json values = Pick(a, {"category", "tags", "content"});
    if (a.contains("title")) values["title"] = NonBlank(a, "title");
    if (a.contains("plan")) values["plan_id"] = *OptionalPlan(ws, a);
    json entry = knowledge_.Store(ws.id, slug, values, ActorFor(env_, a));
    ToolResult result;
    result.text =
        std::string(entry["created"].get<bool>() ? "Stored " : "Updated ") + KnowledgeLine(entry);
    result.structured = {{"entry", std::move(entry)}};
    return result;
  }

  ToolResult KnowledgeGet(const ActionCall& call) {
    store::Workspace ws = WorkspaceFor(env_, call.args);
    auto entry = knowledge_.Get(ws.id, store::Slugify(call.args["slug"]));
    if (!entry) throw UserError(NoKnowledge(ws, call.args["slug"]));
    ToolResult result;
    result.text = KnowledgeLine(*entry) + "\n" + (*entry)["content"].get<std::string>();
    result.structured = {{"entry", std::move(*entry)}};
    return result;
  }

  ToolResult KnowledgeList(const ActionCall& call) {
    const json& a = call.args;
    store::Workspace ws = WorkspaceFor(env_, a);
    store::KnowledgeFilter filter;
    filter.category = OptString(a, "category");
    if (a.contains("tags")) filter.tags = a["tags"].get<std::vector<std::string>>();
    return PageResult("entries", knowledge_.List(ws.id, filter, a["limit"], CursorAfter(a)),
                      KnowledgeLine, "No knowledge matches in workspace " + ws.code + ".");
  }

  ToolResult KnowledgeDelete(const ActionCall& call) {
    store::Workspace ws = WorkspaceFor(env_, call.args);
    auto entry =
        knowledge_.Delete(ws.id, store::Slugify(call.args["slug"]), ActorFor(env_, call.args));
    if (!entry) throw UserError(NoKnowledge(ws, call.args["slug"]));
    ToolResult result;
    result.text = "Deleted " + KnowledgeLine(*entry);
    result.structured = {{"entry", std::move(*entry)}};
    return result;
  }

  ToolResult SectionGet(const ActionCall& call) {
    store::Workspace ws = WorkspaceFor(env_, call.args);
    ToolResult result;
    if (!call.args.contains("name")) {
      std::vector<json> all = sections_.All(ws.id);
      for (const auto& s : all) {
        result.text +=
            "## " + s["name"].get<std::string>() + "\n" + s["content"].get<std::string>() + "\n\n";
      }
      if (all.empty()) result.text = "Workspace " + ws.code + " has no context sections yet.";
      result.structured = {{"sections", std::move(all)}};
      return result;
    }
    auto section = sections_.Get(ws.id, call.args["name"]);
    if (!section) {
      throw UserError("no section " + call.args["name"].get<std::string>() + " in workspace " +
                      ws.code + "; omit name to see them all");
    }
    result.text = "## " + (*section)["name"].get<std::string>() + "\n" +
                  (*section)["content"].get<std::string>();
    result.structured = {{"section", std::move(*section)}};
    return result;
  }

  ToolResult SectionSet(const ActionCall& call) {
    const json& a = call.args;
    store::Workspace ws = WorkspaceFor(env_, a);
    json section =
        sections_.Set(ws.id, NonBlank(a, "name"), a["content"], a["append"], ActorFor(env_, a));
    ToolResult result;
    result.text = std::string(section["created"].get<bool>() ? "Created" : "Updated") +
                  " section " + section["name"].get<std::string>() + ".";
    result.structured = {{"section", std::move(section)}};
    return result;
  }

  ToolResult SectionDelete(const ActionCall& call) {
    store::Workspace ws = WorkspaceFor(env_, call.args);
    auto section = sections_.Delete(ws.id, call.args["name"], ActorFor(env_, call.args));
    if (!section) {
      throw UserError("no section " + call.args["name"].get<std::string>() + " in workspace " +
                      ws.code);
    }
    ToolResult result;
    result.text = "Deleted section " + (*section)["name"].get<std::string>() + ".";
    result.structured = {{"section", std::move(*section)}};
    return result;
  }

  ToolResult Search(const ActionCall& call) {
    const json& a = call.args;
    store::SearchQuery q;
    q.match = NonBlank(a, "query");
    q.kind = OptString(a, "kind");
    q.since = OptString(a, "since");
    q.until = OptString(a, "until");
    q.limit = a["limit"];
    q.offset = CursorAfter(a);
    std::string scope;
    // Without a workspace (none given, none registered here) the catalog is
    // still searchable: that is how an agent finds its way in.
    if (a.contains("workspace") || a.contains("plan") || (q.kind && *q.kind != "tool")) {
      store::Workspace ws = WorkspaceFor(env_, a);
      q.workspace_id = ws.id;
      q.plan_id = OptionalPlan(ws, a);
      scope = "workspace " + ws.code;
    } else {
      try {
        store::Workspace ws = WorkspaceFor(env_, a);
        q.workspace_id = ws.id;
        scope = "workspace " + ws.code;
      } catch (const UserError&) {
        scope = "the tool catalog (no workspace is registered for " + env_.cwd + ")";
      }
    }
    store::SearchResult found = search_.Search(q);
    ToolResult result;
    for (size_t i = 0; i < found.hits.size(); ++i) {
      json& hit = found.hits[i];
      if (hit["kind"] == "tool") AddCatalogDetail(hit);
      result.text += std::to_string(q.offset + static_cast<int64_t>(i) + 1) + ". [" +
                     hit["kind"].get<std::string>() +
                     (hit["code"].is_string() ? " " + hit["code"].get<std::string>() : "") +
                     (hit["kind"] == "tool" ? "" : " #" + hit["id"].dump()) + "] " +
                     Summarize(hit["title"].get<std::string>(), 80) + " — " +
                     hit["snippet"].get<std::string>() + "\n";
      if (hit.contains("params")) {
        std::string params;
        for (const auto& p : hit["params"])
          params += (params.empty() ? "" : ", ") + p.get<std::string>();
        result.text += "   params (* required): " + params + "\n";
      }
    }
    if (found.hits.empty())
      result.text = "Nothing in " + scope + " matches " + json(q.match).dump() + ".";
    json next = NextCursor(found.more ? std::optional<int64_t>(q.offset + q.limit) : std::nullopt);
    if (!next.is_null()) result.text += "More: pass cursor " + next.get<std::string>() + ".";
    result.structured = {{"hits", std::move(found.hits)}, {"next_cursor", std::move(next)}};
    return result;
  }

  ToolResult RebuildIndex(const ActionCall&) {
    json counts = search_.Rebuild();
    ToolResult result;
    result.text = "Rebuilt the full-text indexes: " + counts.dump() + ".";
    result.structured = {{"indexes", std::move(counts)}};
    return result;
  }

  ToolResult Help(const ActionCall& call) {
    const catalog::Catalog& all = catalog::Catalog::Embedded();
    const std::string name = call.args["tool"];
    const catalog::Tool* tool = all.FindTool(name);
    if (!tool) {
      std::vector<std::string> names;
      for (const auto& t : all.tools()) names.push_back(t.name);
      std::string guess = ClosestMatch(name, names);
      throw UserError("no tool \"" + name + "\"." +
                      (guess.empty() ? "" : " Did you mean \"" + guess + "\"?") +
                      " Tools: " + JoinChoices(names, ", ") + ".");
    }
    return DescribeResult(*tool, call.args);
  }

 private:
  store::Anchor ResolveAnchor(const store::Workspace& ws, const json& args) {
    const std::string kind = args.value("anchor", "workspace");
    json ref = args.value("anchor_id", json(nullptr));
    if (ref.is_null()) {
      if (kind == "workspace") return context_.WorkspaceAnchor(ws.id);
      throw UserError("anchor " + kind + " needs anchor_id (its id" +
                      (kind == "phase"   ? ")"
                       : kind == "track" ? " or name)"
                                         : " or code)"));
    }
    if (auto anchor = context_.FindAnchor(ws.id, kind, ref)) return *anchor;
    throw UserError("no " + kind + " " + (ref.is_string() ? ref.get<std::string>() : ref.dump()) +
                    " in workspace " + ws.code);
  }

  // The anchor a list filters on: none unless anchor or anchor_id is given.
  std::optional<store::Anchor> OptionalAnchor(const store::Workspace& ws, const json& args) {
    if (!args.contains("anchor") && !args.contains("anchor_id")) return std::nullopt;
    return ResolveAnchor(ws, args);
  }

  store::NewContext Item(const store::Workspace& ws, const json& args, const store::Actor& actor) {
    store::NewContext item;
    item.anchor = ResolveAnchor(ws, args);
    item.type = NonBlank(args, "type");
    item.data = args["data"];
    item.append = args.value("append", false);
    if (!actor.agent.empty()) item.agent = actor.agent;
    return item;
  }

  std::optional<int64_t> OptionalPlan(const store::Workspace& ws, const json& args) {
    if (!args.contains("plan")) return std::nullopt;
    return RequirePlan(env_, ws, args["plan"]).id;
  }

  json RequireItem(const store::Workspace& ws, const json& id) {
    auto item = context_.Get(ws.id, id.get<int64_t>());
    if (!item) throw UserError(NoItem(ws, id));
    return *item;
  }

  static std::string NoItem(const store::Workspace& ws, const json& id) {
    return "no memory item " + id.dump() + " in workspace " + ws.code +
           "; list or search show the ids";
  }

  static std::string NoKnowledge(const store::Workspace& ws, const json& slug) {
    return "no knowledge " + slug.get<std::string>() + " in workspace " + ws.code +
           "; knowledge_list shows the slugs";
  }

  // A catalog hit gains the action's parameters and example, so the next call
  // can be made without another lookup.
  static void AddCatalogDetail(json& hit) {
    const std::string code = hit["code"];
    const size_t dot = code.find('.');
    const catalog::Tool* tool = catalog::Catalog::Embedded().FindTool(code.substr(0, dot));
    const catalog::Action* action = tool ? tool->FindAction(code.substr(dot + 1)) : nullptr;
    if (!action) return;
    hit["params"] = ParamNames(*action);
    if (!action->example.is_null()) hit["example"] = action->example;
  }

  ToolEnv& env_;
  store::ContextRepository context_;
  store::ResearchRepository research_;
  store::KnowledgeRepository knowledge_;
  store::SectionRepository sections_;
  store::SearchIndex search_;
};

}  // namespace

void BindMemoryContext(mcp::ToolRegistry& registry, ToolEnv& env) {
  auto t = std::make_shared<ContextTool>(env);
  const std::string n = "memory_context";
  registry.Bind(n, "batch_store", [t](const ActionCall& c) { return t->BatchStore(c); });
  registry.Bind(n, "delete", [t](const ActionCall& c) { return t->Delete(c); });
  registry.Bind(n, "get", [t](const ActionCall& c) { return t->Get(c); });
  registry.Bind(n, "help", [t](const ActionCall& c) { return t->Help(c); });
  registry.Bind(n, "knowledge_delete", [t](const ActionCall& c) { return t->KnowledgeDelete(c); });
  registry.Bind(n, "knowledge_get", [t](const ActionCall& c) { return t->KnowledgeGet(c); });
  registry.Bind(n, "knowledge_list", [t](const ActionCall& c) { return t->KnowledgeList(c); });
  registry.Bind(n, "knowledge_store", [t](const ActionCall& c) { return t->KnowledgeStore(c); });
  registry.Bind(n, "list", [t](const ActionCall& c) { return t->List(c); });
  registry.Bind(n, "list_types", [t](const ActionCall& c) { return t->ListTypes(c); });
  registry.Bind(n, "rebuild_index", [t](const ActionCall& c) { return t->RebuildIndex(c); });
  registry.Bind(n, "research_append", [t](const ActionCall& c) { return t->ResearchAppend(c); });
  registry.Bind(n, "research_get", [t](const ActionCall& c) { return t->ResearchGet(c); });
  registry.Bind(n, "research_list", [t](const ActionCall& c) { return t->ResearchList(c); });
  registry.Bind(n, "search", [t](const ActionCall& c) { return t->Search(c); });
  registry.Bind(n, "section_delete", [t](const ActionCall& c) { return t->SectionDelete(c); });
  registry.Bind(n, "section_get", [t](const ActionCall& c) { return t->SectionGet(c); });
  registry.Bind(n, "section_set", [t](const ActionCall& c) { return t->SectionSet(c); });
  registry.Bind(n, "store", [t](const ActionCall& c) { return t->Store(c); });
  BindDescribe(registry, n);
}

}  // namespace pm::tools
