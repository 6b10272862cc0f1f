#include "catalog/schema.h"

#include <algorithm>
#include <sstream>

namespace pm::catalog {

namespace {

json TypeJson(const std::vector<std::string>& types) {
  return types.size() == 1 ? json(types.front()) : json(types);
}

// Every action's parameters of one name, in catalog order.
using ParamsByName = std::vector<std::pair<std::string, std::vector<const Param*>>>;

ParamsByName GroupParams(const Tool& tool) {
  ParamsByName groups;
  for (const auto& action : tool.actions) {
    for (const auto& p : action.params) {
      auto it = std::find_if(groups.begin(), groups.end(),
                             [&](const auto& g) { return g.first == p.name; });
      if (it == groups.end()) {
        groups.push_back({p.name, {&p}});
      } else {
        it->second.push_back(&p);
      }
    }
  }
  return groups;
}

// One tools/list property for a parameter several actions may share: what is
// true of it in every action, and nothing longer. Types are the union; the enum
// only when every action has the same short one; bounds the loosest; items when
// all agree; a description only when the tool gives a hint. The validator still
// applies each action's own rules, and describe shows them.
json ListedParam(const std::vector<const Param*>& params, const Tool& tool) {
  constexpr size_t kMaxListedEnum = 8;
  const Param& first = *params.front();
  std::vector<std::string> types;
  for (const Param* p : params) {
    for (const auto& t : p->types) {
      if (std::find(types.begin(), types.end(), t) == types.end()) types.push_back(t);
    }
  }
  json s = {{"type", TypeJson(types)}};
  const auto all = [&](auto predicate) {
    return std::all_of(params.begin(), params.end(), predicate);
  };
  if (first.enum_values.is_array() && first.enum_values.size() <= kMaxListedEnum &&
      all([&](const Param* p) { return p->enum_values == first.enum_values; })) {
    s["enum"] = first.enum_values;
  }
  if (all([](const Param* p) { return p->minimum.is_number(); })) {
    json low = first.minimum;
    for (const Param* p : params) {
      if (p->minimum.get<double>() < low.get<double>()) low = p->minimum;
    }
    s["minimum"] = low;
  }
  if (all([](const Param* p) { return p->maximum.is_number(); })) {
    json high = first.maximum;
    for (const Param* p : params) {
      if (p->maximum.get<double>() > high.get<double>()) high = p->maximum;
    }
    s["maximum"] = high;
  }
  // Arrays are of strings unless items says otherwise (describe says so too).
  if (!first.item_type.empty() && first.item_type != "string" &&
      all([&](const Param* p) { return p->item_type == first.item_type; })) {
    s["items"] = {{"type", first.item_type}};
  }
  auto hint = tool.hints.find(first.name);
  if (hint != tool.hints.end()) s["description"] = hint->second;
  return s;
}

// The action property's description: what each action requires, so a call
// with the required parameters is right the first time. (The server's
// instructions say every tool has "describe" for the rest.)
std::string ActionSummary(const Tool& tool) {
  std::string needs;
  for (const auto& action : tool.actions) {
    std::string required;
    for (const auto& p : action.params) {
      if (p.required) required += (required.empty() ? "" : ",") + p.name;
    }
    if (required.empty()) continue;
    if (action.name == tool.default_action) return "Omit (it needs " + required + ").";
    needs += (needs.empty() ? "" : " ") + action.name + "(" + required + ")";
  }
  if (!tool.default_action.empty()) return "Omit.";
  return "Required: " + needs + ".";
}

}  // namespace

// A parameter as describe shows it: everything the catalog says.
json ParamSchema(const Param& p) {
  json s = {{"type", TypeJson(p.types)}, {"description", p.description}};
  if (p.enum_values.is_array()) s["enum"] = p.enum_values;
  if (!p.aliases.empty()) s["aliases"] = p.aliases;
  if (!p.minimum.is_null()) s["minimum"] = p.minimum;
  if (!p.maximum.is_null()) s["maximum"] = p.maximum;
  if (!p.item_type.empty()) s["items"] = {{"type", p.item_type}};
  if (!p.default_value.is_null()) s["default"] = p.default_value;
  return s;
}

json ActionInputSchema(const Action& action) {
  json properties = json::object();
  json required = json::array();
  for (const auto& p : action.params) {
    properties[p.name] = ParamSchema(p);
    if (p.required) required.push_back(p.name);
  }
  json schema = {{"type", "object"}, {"properties", std::move(properties)}};
  if (!required.empty()) schema["required"] = std::move(required);
  schema["additionalProperties"] = false;
  return schema;
}

json InputSchema(const Tool& tool) {
  json properties = json::object();
  properties["action"] = {
      {"type", "string"}, {"enum", tool.ActionNames()}, {"description", ActionSummary(tool)}};
  if (!tool.default_action.empty()) properties["action"]["default"] = tool.default_action;
  for (const auto& [name, params] : GroupParams(tool)) {
    properties[name] = ListedParam(params, tool);
  }
  json schema = {{"type", "object"}, {"properties", std::move(properties)}};
  if (tool.default_action.empty()) schema["required"] = json::array({"action"});
  schema["additionalProperties"] = false;
  return schema;
}

json ToolListEntry(const Tool& tool, const ToolListFeatures& features) {
  json entry = {{"name", tool.name}};
  if (features.title) entry["title"] = tool.title;
  entry["description"] = tool.description;
  entry["inputSchema"] = InputSchema(tool);
  if (features.output_schema && tool.output_schema.is_object()) {
    entry["outputSchema"] = tool.output_schema;
  }
  if (features.annotations) {
    bool read_only = true, destructive = false, idempotent = true;
    for (const auto& a : tool.actions) {
      read_only = read_only && a.read_only;
      destructive = destructive || a.destructive;
      idempotent = idempotent && a.idempotent;
    }
    // Hints equal to MCP's defaults (destructive true, idempotent false) are
    // left out: they say nothing, and every tools/list byte is read by the model.
    json annotations = {{"readOnlyHint", read_only}, {"openWorldHint", false}};
    if (!read_only && !destructive) annotations["destructiveHint"] = false;
    if (!read_only && idempotent) annotations["idempotentHint"] = true;
    entry["annotations"] = std::move(annotations);
  }
  return entry;
}

json ActionHelp(const Tool& tool, const Action& action) {
  json params = json::array();
  for (const auto& p : action.params) {
    json entry = ParamSchema(p);
    entry["name"] = p.name;
    entry["required"] = p.required;
    params.push_back(std::move(entry));
  }
  json help = {{"tool", tool.name},
               {"action", action.name},
               {"description", action.description},
               {"read_only", action.read_only},
               {"destructive", action.destructive},
               {"idempotent", action.idempotent},
               {"params", std::move(params)}};
  if (!action.example.is_null())
    help["example"] = {{"tool", tool.name}, {"arguments", action.example}};
  return help;
}

json ToolHelp(const Tool& tool) {
  json actions = json::array();
  for (const auto& a : tool.actions) actions.push_back(ActionHelp(tool, a));
  json help = {{"tool", tool.name},
               {"title", tool.title},
               {"description", tool.description},
               {"actions", std::move(actions)}};
  if (!tool.default_action.empty()) help["default_action"] = tool.default_action;
  return help;
}

std::string HelpText(const Tool& tool) {
  std::ostringstream out;
  out << tool.name << " — " << tool.title << "\n  " << tool.description << "\n";
  if (!tool.default_action.empty())
    out << "  (without \"action\": " << tool.default_action << ")\n";
  for (const auto& a : tool.actions) {
    out << "\n  " << a.name << (a.read_only ? "  [read-only]" : "")
        << (a.destructive ? "  [destructive]" : "") << "\n      " << a.description << "\n";
    for (const auto& p : a.params) {
      out << "      " << (p.required ? "* " : "  ") << p.name << " (";
      for (size_t i = 0; i < p.types.size(); ++i) out << (i ? "|" : "") << p.types[i];
      if (!p.item_type.empty()) out << " of " << p.item_type;
      out << ")";
      if (p.enum_values.is_array()) {
        out << " one of";
        for (const auto& e : p.enum_values)
          out << " " << (e.is_string() ? e.get<std::string>() : e.dump());
      }
      for (const auto& [alias, value] : p.aliases)
        out << " (\"" << alias << "\" = " << value << ")";
      if (!p.default_value.is_null()) out << " default " << p.default_value.dump();
      out << ": " << p.description << "\n";
    }
    if (!a.example.is_null()) out << "      example: " << a.example.dump() << "\n";
  }
  return out.str();
}

}  // namespace pm::catalog
