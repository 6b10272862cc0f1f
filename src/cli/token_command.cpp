// `project-memory token create|list|revoke`: the bearer tokens of the HTTP
// server (serve --http), kept in the database as hashes (app/api_tokens.h).
// create prints the token once, on stdout, so it can be piped into a secret
// store; everything else goes to stderr.
#include <iostream>

#include "app/api_tokens.h"
#include "cli/commands.h"
#include "cli/startup.h"

namespace pm::cli {

namespace {

struct TokenOptions {
  std::string name;
  bool read_only = false;
};

int Create(const GlobalOptions& global, const TokenOptions& o) {
  auto db = OpenStore(global);
  store::TokenRepository tokens(*db);
  app::NewApiToken made = app::CreateApiToken(tokens, o.name, o.read_only);
  std::cout << made.token << std::endl;
  std::cerr << "Created " << (o.read_only ? "read-only " : "") << "token \"" << made.row.name
            << "\". It is shown this once; the database keeps only its hash.\n"
               "Send it as: Authorization: Bearer <token>\n";
  return 0;
}

int List(const GlobalOptions& global) {
  auto db = OpenStore(global);
  auto rows = store::TokenRepository(*db).List();
  if (rows.empty()) {
    std::cout << "No tokens. Make one with: project-memory token create --name NAME\n";
    return 0;
  }
  for (const auto& row : rows) {
    std::cout << row.name << "  " << row.prefix << "…  "
              << (row.read_only ? "read-only" : "read-write") << "  created " << row.created_at
              << "\n";
  }
  return 0;
}

int Revoke(const GlobalOptions& global, const TokenOptions& o) {
  auto db = OpenStore(global);
  if (!store::TokenRepository(*db).Revoke(o.name)) {
    throw std::runtime_error("no token named \"" + o.name + "\" (project-memory token list)");
  }
  std::cerr << "Revoked token \"" << o.name
            << "\": every server on this database refuses it from its next request.\n";
  return 0;
}

}  // namespace

void AddTokenCommand(CLI::App& app, GlobalOptions& global, CommandRunner* run) {
  auto o = std::make_shared<TokenOptions>();
  CLI::App* cmd =
      app.add_subcommand("token", "Manage the bearer tokens of the HTTP server (serve --http)");
  cmd->require_subcommand(1);
  cmd->footer(
      "Examples:\n"
      "  project-memory token create --name alice            # prints the token once\n"
      "  project-memory token create --name ci --read-only   # may only call read-only actions\n"
      "  project-memory token list\n"
      "  project-memory token revoke alice\n"
      "\n"
      "Tokens live in the database (as SHA-256 hashes), so every server on it shares them.\n"
      "A token's name is who its writes are recorded under in the update log.");

  CLI::App* create = cmd->add_subcommand("create", "Make a token and print it (once)");
  create->add_option("--name", o->name, "Who the token is for (letters, digits, . _ - @)")
      ->required();
  create->add_flag("--read-only", o->read_only,
                   "Allow only actions the catalog marks read-only (403 for writes)");
  create->fallthrough();
  create->callback([&global, o, run] { *run = [&global, o] { return Create(global, *o); }; });

  CLI::App* list = cmd->add_subcommand("list", "List tokens: name, first characters, rights");
  list->fallthrough();
  list->callback([&global, run] { *run = [&global] { return List(global); }; });

  CLI::App* revoke = cmd->add_subcommand("revoke", "Delete a token; servers refuse it at once");
  revoke->add_option("name", o->name, "The token's name")->required();
  revoke->fallthrough();
  revoke->callback([&global, o, run] { *run = [&global, o] { return Revoke(global, *o); }; });
}

}  // namespace pm::cli
