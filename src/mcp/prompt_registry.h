// PromptRegistry holds the prompts a server offers (prompts/list) and the
// handlers that fill them in (prompts/get). Arguments are strings, as MCP
// defines them; the registry checks them against the prompt's declaration
// before the handler runs, so a handler sees only declared names and every
// required one. Not thread-safe; fill it before the server runs.
#pragma once

#include <functional>
#include <map>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

namespace pm::mcp {

using nlohmann::json;

struct PromptArgument {
  std::string name, title, description;
  bool required = false;
};

// One prompts/list entry.
struct Prompt {
  std::string name, title, description;
  std::vector<PromptArgument> arguments;
};

struct PromptMessage {
  std::string role;  // "user" or "assistant"
  std::string text;
};

struct PromptResult {
  std::string description;
  std::vector<PromptMessage> messages;
};

// Argument name -> value; optional arguments given as "" are left out.
using PromptArgs = std::map<std::string, std::string>;
// Throws pm::UserError for arguments that name nothing (a plan that does not
// exist): the caller gets -32602 with its message.
using PromptHandler = std::function<PromptResult(const PromptArgs& args)>;

class PromptRegistry {
 public:
  // Throws std::logic_error when a prompt of that name is already there.
  void Add(Prompt prompt, PromptHandler handler);

  std::vector<Prompt> Prompts() const;

  // The GetPromptResult of prompts/get. Throws rpc::Error -32602 for an
  // unknown prompt, an argument that is not a string or not declared, a
  // missing required argument, or a UserError of the handler.
  json Get(const std::string& name, const json& arguments) const;

  // The list entry as JSON; `title` only when the protocol version has it.
  static json ToJson(const Prompt& prompt, bool with_title);

 private:
  struct Entry {
    Prompt declared;
    PromptHandler handler;
  };
  const Entry& Find(const std::string& name) const;
  static PromptArgs Checked(const Prompt& prompt, const json& arguments);

  std::vector<Entry> entries_;
};

}  // namespace pm::mcp
