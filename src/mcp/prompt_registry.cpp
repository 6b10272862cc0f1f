#include "mcp/prompt_registry.h"

#include <stdexcept>

#include "common/user_error.h"
#include "rpc/error.h"

namespace pm::mcp {

namespace {

[[noreturn]] void InvalidParams(const std::string& message) {
  throw rpc::Error(rpc::kInvalidParams, message);
}

std::string ArgumentNames(const Prompt& prompt) {
  std::string names;
  for (const auto& a : prompt.arguments) {
    names += (names.empty() ? "" : ", ") + a.name + (a.required ? " (required)" : "");
  }
  return names.empty() ? "none" : names;
}

}  // namespace

void PromptRegistry::Add(Prompt prompt, PromptHandler handler) {
  for (const auto& entry : entries_) {
    if (entry.declared.name == prompt.name) {
      throw std::logic_error("prompt " + prompt.name + " added twice");
    }
  }
  entries_.push_back({std::move(prompt), std::move(handler)});
}

std::vector<Prompt> PromptRegistry::Prompts() const {
  std::vector<Prompt> prompts;
  for (const auto& entry : entries_) prompts.push_back(entry.declared);
  return prompts;
}

const PromptRegistry::Entry& PromptRegistry::Find(const std::string& name) const {
  for (const auto& entry : entries_) {
    if (entry.declared.name == name) return entry;
  }
  std::string names;
  for (const auto& entry : entries_) names += (names.empty() ? "" : ", ") + entry.declared.name;
  InvalidParams("Unknown prompt: " + name + " (prompts: " + names + ")");
}

PromptArgs PromptRegistry::Checked(const Prompt& prompt, const json& arguments) {
  PromptArgs args;
  if (!arguments.is_null() && !arguments.is_object()) {
    InvalidParams("prompts/get: params.arguments must be an object of strings");
  }
  static const json kNone = json::object();
  for (const auto& [key, value] : (arguments.is_object() ? arguments : kNone).items()) {
    bool declared = false;
    for (const auto& a : prompt.arguments) declared = declared || a.name == key;
    if (!declared) {
      InvalidParams("prompt " + prompt.name + " has no argument \"" + key +
                    "\"; its arguments: " + ArgumentNames(prompt));
    }
    if (!value.is_string()) {
      InvalidParams("prompt " + prompt.name + ": argument \"" + key + "\" must be a string");
    }
    if (!value.get<std::string>().empty()) args[key] = value.get<std::string>();
  }
  for (const auto& a : prompt.arguments) {
    if (a.required && !args.contains(a.name)) {
      InvalidParams("prompt " + prompt.name + " needs argument \"" + a.name +
                    "\": " + a.description);
    }
  }
  return args;
}

json PromptRegistry::Get(const std::string& name, const json& arguments) const {
  const Entry& entry = Find(name);
  PromptArgs args = Checked(entry.declared, arguments);
  PromptResult result;
  try {
    result = entry.handler(args);
  } catch (const UserError& e) {
    InvalidParams("prompt " + name + ": " + e.what());
  }
  json messages = json::array();
  for (const auto& m : result.messages) {
    messages.push_back({{"role", m.role}, {"content", {{"type", "text"}, {"text", m.text}}}});
  }
  json out = {{"messages", std::move(messages)}};
  if (!result.description.empty()) out["description"] = result.description;
  return out;
}

json PromptRegistry::ToJson(const Prompt& prompt, bool with_title) {
  json entry = {{"name", prompt.name}};
  if (with_title && !prompt.title.empty()) entry["title"] = prompt.title;
  if (!prompt.description.empty()) entry["description"] = prompt.description;
  json args = json::array();
  for (const auto& a : prompt.arguments) {
    json arg = {{"name", a.name}, {"required", a.required}};
    if (with_title && !a.title.empty()) arg["title"] = a.title;
    if (!a.description.empty()) arg["description"] = a.description;
    args.push_back(std::move(arg));
  }
  if (!args.empty()) entry["arguments"] = std::move(args);
  return entry;
}

}  // namespace pm::mcp
