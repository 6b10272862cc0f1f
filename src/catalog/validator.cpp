#include "catalog/validator.h"

#include <cmath>
#include <optional>

#include "common/text.h"

namespace pm::catalog {

std::string JsonTypeName(const json& value) {
  switch (value.type()) {
    case json::value_t::null:
      return "null";
    case json::value_t::boolean:
      return "boolean";
    case json::value_t::number_integer:
    case json::value_t::number_unsigned:
      return "integer";
    case json::value_t::number_float:
      return "number";
    case json::value_t::string:
      return "string";
    case json::value_t::array:
      return "array";
    case json::value_t::object:
      return "object";
    default:
      return "value";
  }
}

namespace {

bool IsIntegral(const json& v) {
  if (v.is_number_integer()) return true;
  if (!v.is_number_float()) return false;
  double d = v.get<double>();
  return std::isfinite(d) && std::floor(d) == d && std::fabs(d) < 9.0e15;
}

bool MatchesType(const json& v, const std::string& type) {
  if (type == "string") return v.is_string();
  if (type == "integer") return IsIntegral(v);
  if (type == "number") return v.is_number();
  if (type == "boolean") return v.is_boolean();
  if (type == "object") return v.is_object();
  if (type == "array") return v.is_array();
  return false;
}

std::string Article(const std::string& type) {
  return (type == "integer" || type == "object" || type == "array") ? "an " + type : "a " + type;
}

std::string ExpectedTypes(const std::vector<std::string>& types) {
  std::vector<std::string> named;
  for (const auto& t : types) named.push_back(Article(t));
  return JoinChoices(named);
}

// Why `value` (at `path`, nested values included) is too large to accept:
// a string or array over the limits. nullopt when it is fine.
std::optional<std::string> FindOversized(const json& value, const std::string& path) {
  if (value.is_string()) {
    const std::string& text = value.get_ref<const std::string&>();
    if (text.size() > kMaxStringBytes) {
      return "is too large: " + path + " is a string of " + std::to_string(text.size()) +
             " bytes; the limit is " + std::to_string(kMaxStringBytes) + " bytes (1 MiB)";
    }
  } else if (value.is_array()) {
    if (value.size() > kMaxArrayItems) {
      return "is too large: " + path + " is an array of " + std::to_string(value.size()) +
             " items; the limit is " + std::to_string(kMaxArrayItems) + " items";
    }
    for (size_t i = 0; i < value.size(); ++i) {
      if (auto found = FindOversized(value[i], path + "[" + std::to_string(i) + "]")) {
        return found;
      }
    }
  } else if (value.is_object()) {
    for (const auto& [key, item] : value.items()) {
      if (key.size() > kMaxStringBytes) {
        return "is too large: " + path + " has a key of " + std::to_string(key.size()) +
               " bytes; the limit is " + std::to_string(kMaxStringBytes) + " bytes (1 MiB)";
      }
      if (auto found = FindOversized(item, path + "." + Abbreviate(key, 40))) return found;
    }
  }
  return std::nullopt;
}

class CallChecker {
 public:
  CallChecker(const Tool& tool, const Action& action) : tool_(tool), action_(action) {}

  std::optional<ValidationError> Check(const json& arguments, json* args) {
    for (const auto& [key, value] : arguments.items()) {
      if (key == "action") continue;
      const Param* param = action_.FindParam(key);
      if (!param) return UnknownParam(key);
      if (value.is_null() && !param->required) continue;  // null means "not given"
      if (auto problem = FindOversized(value, "arguments." + key)) {
        return ValidationError{Where() + ": parameter \"" + key + "\" " + *problem + ". " + key +
                               ": " + param->description};
      }
      json checked = value;
      if (auto error = CheckValue(*param, &checked)) return error;
      (*args)[key] = std::move(checked);
    }
    for (const auto& param : action_.params) {
      if (args->contains(param.name)) continue;
      if (param.required) {
        return Error(param, "is required but missing");
      }
      if (!param.default_value.is_null()) (*args)[param.name] = param.default_value;
    }
    return std::nullopt;
  }

 private:
  std::optional<ValidationError> CheckValue(const Param& param, json* value) {
    bool matched = false;
    for (const auto& type : param.types) {
      if (MatchesType(*value, type)) {
        if (type == "integer" && value->is_number_float()) {
          *value = static_cast<std::int64_t>(value->get<double>());
        }
        matched = true;
        break;
      }
    }
    if (!matched) {
      return Error(param,
                   "must be " + ExpectedTypes(param.types) + ", got " + JsonTypeName(*value));
    }
    if (param.enum_values.is_array()) {
      bool found = false;
      std::vector<std::string> choices;
      for (const auto& e : param.enum_values) {
        if (e == *value) found = true;
        choices.push_back(e.is_string() ? e.get<std::string>() : e.dump());
      }
      if (!found) {
        std::string message =
            "must be one of " + JoinChoices(choices) + ", got " + Abbreviate(value->dump());
        if (value->is_string()) {
          std::string guess = ClosestMatch(value->get<std::string>(), choices);
          if (!guess.empty()) message += " (did you mean \"" + guess + "\"?)";
        }
        return Error(param, message);
      }
    }
    if (value->is_number()) {
      double d = value->get<double>();
      if (param.minimum.is_number() && d < param.minimum.get<double>()) {
        return Error(param, "must be at least " + param.minimum.dump() + ", got " +
                                Abbreviate(value->dump()));
      }
      if (param.maximum.is_number() && d > param.maximum.get<double>()) {
        return Error(param, "must be at most " + param.maximum.dump() + ", got " +
                                Abbreviate(value->dump()));
      }
    }
    if (value->is_array() && !param.item_type.empty()) {
      for (size_t i = 0; i < value->size(); ++i) {
        if (!MatchesType((*value)[i], param.item_type)) {
          return ValidationError{Where() + ": arguments." + param.name + "[" + std::to_string(i) +
                                 "] must be " + Article(param.item_type) + ", got " +
                                 JsonTypeName((*value)[i]) + ". " + param.name + ": " +
                                 param.description};
        }
      }
    }
    return std::nullopt;
  }

  std::optional<ValidationError> UnknownParam(const std::string& key) {
    std::vector<std::string> accepted;
    for (const auto& p : action_.params) accepted.push_back(p.name);
    const std::string shown = Abbreviate(key);
    std::string message =
        Where() + ": unknown parameter \"" + shown + "\" (at arguments." + shown + ").";
    std::string guess = ClosestMatch(key, accepted);
    if (!guess.empty()) {
      message += " Did you mean \"" + guess + "\"?";
    } else {
      std::vector<std::string> owners;
      for (const auto& a : tool_.actions) {
        if (a.FindParam(key)) owners.push_back(a.name);
      }
      if (owners.size() > 4) {
        message += " It belongs to " + std::to_string(owners.size()) + " other actions, e.g. " +
                   JoinChoices({owners.begin(), owners.begin() + 3}, ", ") + ".";
      } else if (!owners.empty()) {
        message += " It belongs to action " + JoinChoices(owners) + ".";
      }
    }
    message += accepted.empty() ? " This action takes no parameters."
                                : " Accepted: " + JoinChoices(accepted, ", ") + ".";
    return ValidationError{message};
  }

  ValidationError Error(const Param& param, const std::string& problem) {
    return ValidationError{Where() + ": parameter \"" + param.name + "\" (at arguments." +
                           param.name + ") " + problem + ". " + param.name + ": " +
                           param.description};
  }

  std::string Where() const { return tool_.name + "." + action_.name; }

  const Tool& tool_;
  const Action& action_;
};

}  // namespace

std::variant<ValidatedCall, ValidationError> ValidateCall(const Tool& tool, const json& arguments) {
  // Only a refusal lists the actions: a call that passes builds no message.
  auto choices = [&tool] { return JoinChoices(tool.ActionNames(), ", "); };
  auto given = arguments.find("action");
  const bool named = given != arguments.end() && !given->is_null();
  if (!named && tool.default_action.empty()) {
    return ValidationError{tool.name +
                           ": parameter \"action\" (at arguments.action) is required. "
                           "Valid actions: " +
                           choices() + "."};
  }
  if (named && !given->is_string()) {
    return ValidationError{tool.name +
                           ": parameter \"action\" (at arguments.action) must be a "
                           "string, got " +
                           JsonTypeName(*given) + ". Valid actions: " + choices() + "."};
  }
  const std::string& name = named ? given->get_ref<const std::string&>() : tool.default_action;
  const Action* action = tool.FindAction(name);
  if (!action) {
    std::string message = tool.name + ": unknown action \"" + Abbreviate(name) + "\".";
    std::string guess = ClosestMatch(name, tool.ActionNames());
    if (!guess.empty()) message += " Did you mean \"" + guess + "\"?";
    return ValidationError{message + " Valid actions: " + choices() + "."};
  }
  ValidatedCall call{action, json::object()};
  if (auto error = CallChecker(tool, *action).Check(arguments, &call.args)) return *error;
  return call;
}

}  // namespace pm::catalog
