// `project-memory register [DIR]`: registers a project directory as a
// workspace (memory_workspace register), so the other commands and a server
// started in that directory find it. Registering a known directory is a no-op
// that names the existing workspace.
#include <filesystem>

#include "cli/tool_client.h"
#include "cli/view_commands.h"
#include "cli/view_options.h"

namespace pm::cli {

namespace {

struct RegisterOptions {
  ViewOptions view;
  std::string dir;  // empty: the current directory
  std::string name;
  std::string description;
};

int Register(const GlobalOptions& global, const RegisterOptions& o) {
  ToolClient client(global);
  const std::filesystem::path dir = std::filesystem::absolute(
      o.dir.empty() ? std::filesystem::current_path() : std::filesystem::path(o.dir));
  if (!std::filesystem::is_directory(dir)) {
    throw std::runtime_error("not a directory: " + dir.string());
  }
  json args = {{"path", dir.lexically_normal().string()}};
  if (!o.name.empty()) args["name"] = o.name;
  if (!o.description.empty()) args["description"] = o.description;
  const json result = client.Call("memory_workspace", "register", args);
  if (o.view.json) {
    PrintJson(result);
    return 0;
  }
  const json& ws = result.at("workspace");
  PrintText(std::string(result.value("created", false) ? "Registered" : "Already registered") +
            ": workspace " + std::to_string(ws.value("id", int64_t{0})) + " " +
            ws.value("name", std::string()) + " " + ws.value("path", std::string()) + "\n");
  return 0;
}

}  // namespace

void AddRegisterCommand(CLI::App& app, GlobalOptions& global, CommandRunner* run) {
  auto o = std::make_shared<RegisterOptions>();
  CLI::App* cmd = app.add_subcommand(
      "register", "Register a project directory as a workspace (default: this directory)");
  cmd->add_option("dir", o->dir, "Project directory (default: the current directory)");
  cmd->add_option("--name", o->name, "Display name (default: the directory's name)");
  cmd->add_option("--description", o->description, "What the project is");
  cmd->add_flag("--json", o->view.json, "Print the structured result as JSON");
  cmd->footer(
      "Examples:\n"
      "  project-memory register                    # this directory, named after it\n"
      "  project-memory register ~/src/shop --name shop --description \"The web shop\"\n"
      "\n"
      "Registering a directory that is already registered changes nothing and names\n"
      "the existing workspace.");
  cmd->callback([&global, o, run] { *run = [&global, o] { return Register(global, *o); }; });
}

}  // namespace pm::cli
