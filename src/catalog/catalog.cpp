#include "catalog/catalog.h"

#include <algorithm>
#include <stdexcept>

#include "common/embedded_resources.h"
#include "common/fnv_hash.h"

namespace pm::catalog {

namespace {

bool IsJsonType(std::string_view type) {
  for (std::string_view known : {"string", "integer", "number", "boolean", "object", "array"}) {
    if (type == known) return true;
  }
  return false;
}

// Reads one catalog file strictly: unknown keys are errors, so a typo in the
// catalog fails the build's tests instead of silently dropping a field. The
// document is taken apart: values the catalog keeps as JSON are moved out.
// Every server start parses the whole catalog, so this copies little.
class FileParser {
 public:
  explicit FileParser(std::string path) : path_(std::move(path)) {}

  Tool ParseTool(json& doc) {
    CheckKeys(
        doc, "tool",
        {"name", "title", "description", "actions", "default_action", "output_schema", "hints"});
    Tool tool;
    tool.name = RequireString(doc, "name", "tool");
    tool.title = RequireString(doc, "title", tool.name);
    tool.description = RequireString(doc, "description", tool.name);
    auto actions = doc.find("actions");
    if (actions == doc.end() || !actions->is_array() || actions->empty()) {
      Fail(tool.name + ": \"actions\" must be a non-empty array");
    }
    tool.actions.reserve(actions->size());
    for (auto& a : *actions) {
      Action action = ParseAction(a, tool.name);
      if (tool.FindAction(action.name)) Fail(tool.name + ": duplicate action " + action.name);
      tool.actions.push_back(std::move(action));
    }
    if (doc.contains("default_action")) {
      tool.default_action = RequireString(doc, "default_action", tool.name);
      if (!tool.FindAction(tool.default_action)) {
        Fail(tool.name + ": default_action \"" + tool.default_action +
             "\" is not one of its actions");
      }
    }
    if (auto schema = doc.find("output_schema"); schema != doc.end()) {
      if (!schema->is_object()) Fail(tool.name + ": output_schema must be an object");
      tool.output_schema = std::move(*schema);
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

  Action ParseAction(json& a, const std::string& tool) {
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
    if (auto example = a.find("example"); example != a.end()) action.example = std::move(*example);
    if (auto params = a.find("params"); params != a.end()) {
      if (!params->is_array()) Fail(where + ": \"params\" must be an array");
      action.params.reserve(params->size());
      for (auto& p : *params) {
        Param param = ParseParam(p, where);
        if (param.name == "action") Fail(where + ": \"action\" is reserved");
        if (action.FindParam(param.name)) Fail(where + ": duplicate parameter " + param.name);
        action.params.push_back(std::move(param));
      }
    }
    return action;
  }

  Param ParseParam(json& p, const std::string& action) {
    if (!p.is_object()) Fail(action + ": each parameter must be an object");
    Param param;
    param.name = RequireString(p, "name", action + " parameter");
    const std::string where = action + "." + param.name;
    CheckKeys(p, where,
              {"name", "type", "required", "description", "enum", "default", "minimum", "maximum",
               "items", "aliases"});
    auto type = p.find("type");
    if (type != p.end() && type->is_string()) {
      param.types.push_back(type->get<std::string>());
    } else if (type != p.end() && type->is_array() && !type->empty()) {
      for (const auto& t : *type) {
        if (!t.is_string()) Fail(where + ": type entries must be strings");
        param.types.push_back(t.get<std::string>());
      }
    } else {
      Fail(where + ": \"type\" must be a JSON type name or an array of them");
    }
    for (const auto& t : param.types) {
      if (!IsJsonType(t)) Fail(where + ": unknown type " + t);
    }
    param.required = p.value("required", false);
    param.description = RequireString(p, "description", where);
    if (auto values = p.find("enum"); values != p.end()) {
      if (!values->is_array() || values->empty()) {
        Fail(where + ": enum must be an array");
      }
      param.enum_values = std::move(*values);
    }
    if (auto value = p.find("default"); value != p.end()) param.default_value = std::move(*value);
    for (const char* bound : {"minimum", "maximum"}) {
      auto value = p.find(bound);
      if (value == p.end()) continue;
      if (!value->is_number()) Fail(where + ": " + bound + " must be a number");
      (std::string_view(bound) == "minimum" ? param.minimum : param.maximum) = *value;
    }
    if (auto aliases = p.find("aliases"); aliases != p.end()) ParseAliases(*aliases, where, &param);
    if (auto items = p.find("items"); items != p.end()) {
      if (!items->is_string()) Fail(where + ": \"items\" must be a JSON type name");
      if (!IsJsonType(items->get_ref<const std::string&>())) {
        Fail(where + ": unknown item type " + items->get<std::string>());
      }
      param.item_type = items->get<std::string>();
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
    if (it == obj.end() || !it->is_string() || it->get_ref<const std::string&>().empty()) {
      Fail(where + ": \"" + key + "\" must be a non-empty string");
    }
    return it->get<std::string>();
  }

  void CheckKeys(const json& obj, const std::string& where,
                 std::initializer_list<std::string_view> allowed) {
    if (!obj.is_object()) Fail(where + " must be an object");
    for (const auto& item : obj.items()) {
      if (std::find(allowed.begin(), allowed.end(), item.key()) == allowed.end()) {
        Fail(where + ": unknown key \"" + item.key() + "\"");
      }
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

const Action* Tool::ActionFor(const json& arguments) const {
  if (arguments.is_object()) {
    auto given = arguments.find("action");
    if (given != arguments.end() && given->is_string())
      return FindAction(given->get_ref<const std::string&>());
  }
  return FindAction(default_action);
}

std::vector<std::string> Tool::ActionNames() const {
  std::vector<std::string> names;
  for (const auto& a : actions) names.push_back(a.name);
  return names;
}

namespace {

// What the hash covers: every file's path and content, in the order given.
template <typename Files>
std::string HashOf(const Files& files) {
  FnvHash hash;
  for (const auto& [path, content] : files) {
    hash.Update(path);
    hash.Update(content);
  }
  return hash.Hex();
}

// The embedded catalog files, sorted by path.
std::vector<std::pair<std::string_view, std::string_view>> EmbeddedCatalogFiles() {
  std::vector<std::pair<std::string_view, std::string_view>> files;
  for (const auto& f : EmbeddedFiles()) {
    if (f.path.rfind("catalog/", 0) == 0 && f.path.size() > 5 &&
        f.path.substr(f.path.size() - 5) == ".json") {
      files.emplace_back(f.path, f.content);
    }
  }
  return files;
}

}  // namespace

Catalog Catalog::Parse(const std::vector<std::pair<std::string, std::string>>& files) {
  Catalog catalog;
  for (const auto& [path, content] : files) {
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
  catalog.hash_ = HashOf(files);
  return catalog;
}

const Catalog& Catalog::Embedded() {
  static const Catalog catalog = [] {
    std::vector<std::pair<std::string, std::string>> files;
    for (const auto& [path, content] : EmbeddedCatalogFiles()) {
      files.emplace_back(std::string(path), std::string(content));
    }
    return Parse(files);
  }();
  return catalog;
}

const std::string& Catalog::EmbeddedHash() {
  static const std::string hash = HashOf(EmbeddedCatalogFiles());
  return hash;
}

const Tool* Catalog::FindTool(std::string_view name) const {
  for (const auto& t : tools_) {
    if (t.name == name) return &t;
  }
  return nullptr;
}

}  // namespace pm::catalog
