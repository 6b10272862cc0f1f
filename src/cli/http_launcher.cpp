#include "cli/http_launcher.h"

#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <filesystem>
#include <stdexcept>
#include <vector>

namespace pm::cli {

namespace {

HttpServerFn g_server = nullptr;
std::vector<std::string> g_command_line;

}  // namespace

void SetHttpServer(HttpServerFn server) { g_server = server; }

void RememberCommandLine(int argc, char** argv) { g_command_line.assign(argv, argv + argc); }

std::string HttpExecutablePath() {
  std::error_code error;
  const std::filesystem::path self = std::filesystem::read_symlink("/proc/self/exe", error);
  if (error) return "project-memory-http";
  return (self.parent_path() / "project-memory-http").string();
}

int RunHttpServer(const GlobalOptions& global, const HttpServeOptions& options) {
  if (g_server) return g_server(global, options);
  const std::string path = HttpExecutablePath();
  if (g_command_line.empty()) {
    throw std::runtime_error("serve --http: the command line to hand to " + path + " is unknown");
  }
  std::vector<char*> argv;
  argv.push_back(const_cast<char*>(path.c_str()));
  for (size_t i = 1; i < g_command_line.size(); ++i) {
    argv.push_back(const_cast<char*>(g_command_line[i].c_str()));
  }
  argv.push_back(nullptr);
  execv(path.c_str(), argv.data());
  // Only reached when the exec failed.
  throw std::runtime_error("serve --http runs in " + path +
                           ", which cannot be started: " + std::strerror(errno) +
                           ". It is built beside project-memory (scripts/run builds both).");
}

}  // namespace pm::cli
