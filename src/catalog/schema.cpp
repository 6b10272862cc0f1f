#include "catalog/schema.h"

#include <algorithm>
#include <sstream>

namespace pm::catalog {

namespace {

json TypeJson(const std::vector<std::string>& types) {
  return types.size() == 1 ? json(types.front()) : json(types);
}

// Merges a parameter that several actions share: the types and enum values of
// every action are allowed; the first description stands for all.
void MergeParam(json* into, const Param& p) {
  json types = (*into)["type"].is_array() ? (*into)["type"] : json::array({(*into)["type"]});
  for (const auto& t : p.types) {
    if (std::find(types.begin(), types.end(), t) == types.end()) types.push_back(t);
  }
  (*into)["type"] = types.size() == 1 ? types[0] : types;
  if (into->contains("enum")) {
    if (!p.enum_values.is_array()) {
      into->erase("enum");
    } else {
      for (const auto& e : p.enum_values) {
        auto& values = (*into)["enum"];
        if (std::find(values.begin(), values.end(), e) == values.end()) values.push_back(e);
      }
    }
  }
  // Bounds and defaults differ between actions; the validator knows each one.
  if (into->contains("default") && (*into)["default"] != p.default_value) into->erase("default");
}

}  // namespace

json ParamSchema(const Param& p) {
  json s = {{"type", TypeJson(p.types)}, {"description", p.description}};
  if (p.enum_values.is_array()) s["enum"] = p.enum_values;
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
  properties["action"] = {{"type", "string"},
                          {"enum", tool.ActionNames()},
                          {"description", "What to do; action \"describe\" gives full help."}};
  if (!tool.default_action.empty()) {
    properties["action"]["default"] = tool.default_action;
    properties["action"]["description"] = "Omit; or \"describe\".";
  }
  for (const auto& action : tool.actions) {
    for (const auto& p : action.params) {
      if (properties.contains(p.name)) {
        MergeParam(&properties[p.name], p);
      } else {
        properties[p.name] = ParamSchema(p);
      }
    }
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
    json annotations = {{"readOnlyHint", read_only}, {"openWorldHint", false}};
    if (!read_only) {
      annotations["destructiveHint"] = destructive;
      annotations["idempotentHint"] = idempotent;
    }
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
      if (!p.default_value.is_null()) out << " default " << p.default_value.dump();
      out << ": " << p.description << "\n";
    }
    if (!a.example.is_null()) out << "      example: " << a.example.dump() << "\n";
  }
  return out.str();
}

}  // namespace pm::catalog
