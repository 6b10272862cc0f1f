// The tool catalog: every MCP tool, its actions and their parameters, loaded from
// catalog/*.json (embedded in the binary). It is the single source of truth for
// tools/list, argument validation, the catalog tables and the help agents read.
// Immutable after loading; safe to share.
#pragma once

#include <map>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace pm::catalog {

using nlohmann::json;

struct Param {
  std::string name;
  std::vector<std::string> types;  // JSON types: string, integer, number, boolean, object, array
  bool required = false;
  std::string description;
  json enum_values;       // array of allowed values, or null
  json default_value;     // null when none
  json minimum, maximum;  // numbers as written in the catalog, or null
  std::string item_type;  // for arrays: the JSON type of each item, or "" for any
  // Other words agents use for enum values: accepted value -> the enum value it
  // stands for (e.g. "in_progress" -> "active"). The validator replaces them and
  // says so; describe shows them; tools/list does not.
  std::map<std::string, std::string> aliases;
};

struct Action {
  std::string name;
  std::string description;
  bool read_only = false;
  bool destructive = false;
  bool idempotent = false;
  std::vector<Param> params;
  json example;  // an example arguments object, or null

  const Param* FindParam(std::string_view param) const;
};

struct Tool {
  std::string name;
  std::string title;
  std::string description;
  std::vector<Action> actions;
  // The action a call that names none runs ("" when "action" is required), so
  // a one-job tool such as get_next_task is called without it.
  std::string default_action;
  json output_schema;  // null when the result shape is not fixed
  // The few parameter descriptions tools/list carries, by parameter name: only
  // where name and type do not say enough. describe has every description.
  std::map<std::string, std::string> hints;

  const Action* FindAction(std::string_view action) const;
  // The action a call's arguments name: their "action" when it is a string,
  // else the default action; nullptr when that is no action of this tool.
  const Action* ActionFor(const json& arguments) const;
  std::vector<std::string> ActionNames() const;
};

class Catalog {
 public:
  // Parses catalog files given as (path, content) pairs. Throws std::runtime_error
  // naming the file and the problem when a file is malformed.
  static Catalog Parse(const std::vector<std::pair<std::string, std::string>>& files);
  // The catalog compiled into this binary, parsed on first use (thread-safe).
  static const Catalog& Embedded();
  // Its hash(), from the embedded files without parsing them.
  static const std::string& EmbeddedHash();

  const std::vector<Tool>& tools() const { return tools_; }
  const Tool* FindTool(std::string_view name) const;
  // Content hash of the files it was parsed from.
  const std::string& hash() const { return hash_; }

 private:
  std::vector<Tool> tools_;
  std::string hash_;
};

}  // namespace pm::catalog
