#include "catalog/catalog.h"

#include <algorithm>
#include <set>
#include <stdexcept>

#include "common/embedded_resources.h"
#include "common/fnv_hash.h"

namespace pm::catalog {

namespace {

const std::set<std::string> kJsonTypes = {"string",  "integer", "number",
                                          "boolean", "object",  "array"};

// Reads one catalog file strictly: unknown keys are errors, so a typo in the
// catalog fails the build's tests instead of silently dropping a field.
class FileParser {
 public:
  explicit FileParser(std::string path) : path_(std::move(path)) {}

  Tool ParseTool(const json& doc) {
    CheckKeys(
        doc, "tool",
        {"name", "title", "description", "actions", "default_action", "output_schema", "hints"});
    Tool tool;
    tool.name = RequireString(doc, "name", "tool");
    tool.title = RequireString(doc, "title", tool.name);
    tool.description = RequireString(doc, "description", tool.name);
    if (!doc.contains("actions") || !doc["actions"].is_array() || doc["actions"].empty()) {
      Fail(tool.name + ": \"actions\" must be a non-empty array");
    }
    std::set<std::string> seen;
    for (const auto& a : doc["actions"]) {
      Action action = ParseAction(a, tool.name);
      if (!seen.insert(action.name).second) Fail(tool.name + ": duplicate action " + action.name);
      tool.actions.push_back(std::move(action));
    }
    if (doc.contains("default_action")) {
      tool.default_action = RequireString(doc, "default_action", tool.name);
      if (!seen.count(tool.default_action)) {
        Fail(tool.name + ": default_action \"" + tool.default_action +
             "\" is not one of its actions");
      }
    }
    if (doc.contains("output_schema")) {
      if (!doc["output_schema"].is_object()) Fail(tool.name + ": output_schema must be an object");
      tool.output_schema = doc["output_schema"];
    }
    if (doc.contains("hints")) ParseHints(doc["hints"], &tool);
    return tool;
  }

 private:
  void ParseHints(const json& hints, Tool* tool) {
    if (!hints.is_object()) Fail(tool->name + ": hints must be an object");
    for (const auto& hint : hints.items()) {
      // (A copy, not a structured binding: clang 14 cannot capture those.)
      const std::string name = hint.key();
      const json& text = hint.value();
      const bool known = std::any_of(tool->actions.begin(), tool->actions.end(),
                                     [&](const Action& a) { return a.FindParam(name) != nullptr; });
      if (!known) Fail(tool->name + ": hint for \"" + name + "\", which no action takes");
      if (!text.is_string() || text.get<std::string>().empty()) {
        Fail(tool->name + ": hint for \"" + name + "\" must be a non-empty string");
      }
      tool->hints[name] = text.get<std::string>();
    }
  }

  Action ParseAction(const json& a, const std::string& tool) {
    if (!a.is_object()) Fail(tool + ": each action must be an object");
    Action action;
    action.name = RequireString(a, "name", tool + " action");
    const std::string where = tool + "." + action.name;
    CheckKeys(
        a, where,
        {"name", "description", "read_only", "destructive", "idempotent", "params", "example"});
    action.description = RequireString(a, "description", where);
    action.read_only = a.value("read_only", false);
    action.destructive = a.value("destructive", false);
    action.idempotent = a.value("idempotent", action.read_only);
    if (a.contains("example")) action.example = a["example"];
    std::set<std::string> seen;
    for (const auto& p : a.value("params", json::array())) {
      Param param = ParseParam(p, where);
      if (param.name == "action") Fail(where + ": \"action\" is reserved");
      if (!seen.insert(param.name).second) Fail(where + ": duplicate parameter " + param.name);
      action.params.push_back(std::move(param));
    }
    return action;
  }

  Param ParseParam(const json& p, const std::string& action) {
    if (!p.is_object()) Fail(action + ": each parameter must be an object");
    Param param;
    param.name = RequireString(p, "name", action + " parameter");
    const std::string where = action + "." + param.name;
    CheckKeys(p, where,
              {"name", "type", "required", "description", "enum", "default", "minimum", "maximum",
               "items", "aliases"});
    const json& type = p.value("type", json(nullptr));
    if (type.is_string()) {
      param.types.push_back(type.get<std::string>());
    } else if (type.is_array() && !type.empty()) {
      for (const auto& t : type) {
        if (!t.is_string()) Fail(where + ": type entries must be strings");
        param.types.push_back(t.get<std::string>());
      }
    } else {
      Fail(where + ": \"type\" must be a JSON type name or an array of them");
    }
    for (const auto& t : param.types) {
      if (!kJsonTypes.count(t)) Fail(where + ": unknown type " + t);
    }
    param.required = p.value("required", false);
    param.description = RequireString(p, "description", where);
    if (p.contains("enum")) {
      if (!p["enum"].is_array() || p["enum"].empty()) Fail(where + ": enum must be an array");
      param.enum_values = p["enum"];
    }
    if (p.contains("default")) param.default_value = p["default"];
    for (const char* bound : {"minimum", "maximum"}) {
      if (!p.contains(bound)) continue;
      if (!p[bound].is_number()) Fail(where + ": " + bound + " must be a number");
      (std::string(bound) == "minimum" ? param.minimum : param.maximum) = p[bound];
    }
    if (p.contains("aliases")) ParseAliases(p["aliases"], where, &param);
    if (p.contains("items")) {
      std::string item = p["items"].get<std::string>();
      if (!kJsonTypes.count(item)) Fail(where + ": unknown item type " + item);
      param.item_type = item;
    }
    return param;
  }

  // Each alias must name an enum value, and must not be one itself.
  void ParseAliases(const json& aliases, const std::string& where, Param* param) {
    if (!aliases.is_object() || aliases.empty()) Fail(where + ": aliases must be an object");
    if (!param->enum_values.is_array()) Fail(where + ": aliases need an enum");
    const auto in_enum = [&](const std::string& v) {
      return std::find(param->enum_values.begin(), param->enum_values.end(), json(v)) !=
             param->enum_values.end();
    };
    for (const auto& [alias, value] : aliases.items()) {
      if (in_enum(alias)) Fail(where + ": alias \"" + alias + "\" is already an enum value");
      if (!value.is_string() || !in_enum(value.get<std::string>())) {
        Fail(where + ": alias \"" + alias + "\" must stand for one of the enum values");
      }
      param->aliases[alias] = value.get<std::string>();
    }
  }

  std::string RequireString(const json& obj, const char* key, const std::string& where) {
    auto it = obj.find(key);
    if (it == obj.end() || !it->is_string() || it->get<std::string>().empty()) {
      Fail(where + ": \"" + key + "\" must be a non-empty string");
    }
    return it->get<std::string>();
  }

  void CheckKeys(const json& obj, const std::string& where, std::set<std::string> allowed) {
    if (!obj.is_object()) Fail(where + " must be an object");
    for (const auto& [key, value] : obj.items()) {
      if (!allowed.count(key)) Fail(where + ": unknown key \"" + key + "\"");
    }
  }

  [[noreturn]] void Fail(const std::string& message) {
    throw std::runtime_error("catalog file " + path_ + ": " + message);
  }

  std::string path_;
};

}  // namespace

const Param* Action::FindParam(std::string_view param) const {
  for (const auto& p : params) {
    if (p.name == param) return &p;
  }
  return nullptr;
}

const Action* Tool::FindAction(std::string_view action) const {
  for (const auto& a : actions) {
    if (a.name == action) return &a;
  }
  return nullptr;
}

std::vector<std::string> Tool::ActionNames() const {
  std::vector<std::string> names;
  for (const auto& a : actions) names.push_back(a.name);
  return names;
}

Catalog Catalog::Parse(const std::vector<std::pair<std::string, std::string>>& files) {
  Catalog catalog;
  FnvHash hash;
  for (const auto& [path, content] : files) {
    hash.Update(path);
    hash.Update(content);
    json doc;
    try {
      doc = json::parse(content);
    } catch (const json::parse_error& e) {
      throw std::runtime_error("catalog file " + path + ": " + e.what());
    }
    Tool tool = FileParser(path).ParseTool(doc);
    if (catalog.FindTool(tool.name)) {
      throw std::runtime_error("catalog file " + path + ": duplicate tool " + tool.name);
    }
    catalog.tools_.push_back(std::move(tool));
  }
  std::sort(catalog.tools_.begin(), catalog.tools_.end(),
            [](const Tool& a, const Tool& b) { return a.name < b.name; });
  catalog.hash_ = hash.Hex();
  return catalog;
}

const Catalog& Catalog::Embedded() {
  static const Catalog catalog = [] {
    std::vector<std::pair<std::string, std::string>> files;
    for (const auto& f : EmbeddedFiles()) {
      if (f.path.rfind("catalog/", 0) == 0 && f.path.size() > 5 &&
          f.path.substr(f.path.size() - 5) == ".json") {
        files.emplace_back(std::string(f.path), std::string(f.content));
      }
    }
    return Parse(files);
  }();
  return catalog;
}

const Tool* Catalog::FindTool(std::string_view name) const {
  for (const auto& t : tools_) {
    if (t.name == name) return &t;
  }
  return nullptr;
}

}  // namespace pm::catalog
