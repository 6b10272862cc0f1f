// `project-memory serve`: MCP over stdio until stdin ends or SIGTERM/SIGINT;
// with --http, the HTTP server instead (serve_http.h).
#include <fcntl.h>
#include <signal.h>
#include <spdlog/spdlog.h>
#include <unistd.h>

#include <csignal>
#include <filesystem>
#include <future>
#include <iostream>

#include "catalog/catalog.h"
#include "cli/commands.h"
#include "cli/http_launcher.h"
#include "cli/startup.h"
#include "mcp/server.h"
#include "rpc/transport.h"
#include "tools/all_tools.h"
#include "tools/prompts.h"
#include "tools/resources.h"

namespace pm::cli {

namespace {

int g_wake_write_fd = -1;
volatile std::sig_atomic_t g_stop_requested = 0;

extern "C" void OnStopSignal(int) {
  // Async-signal-safe: wake the reader, which then returns and lets every
  // destructor (the database's among them) run; the flag stops the transport
  // between messages it had already read.
  g_stop_requested = 1;
  char byte = 1;
  [[maybe_unused]] ssize_t n = ::write(g_wake_write_fd, &byte, 1);
}

// Routes SIGTERM and SIGINT to a pipe the transport polls. Returns the read end.
int InstallStopSignals() {
  int fds[2];
  if (::pipe2(fds, O_CLOEXEC | O_NONBLOCK) != 0) {
    throw std::runtime_error("cannot create the signal pipe");
  }
  g_wake_write_fd = fds[1];
  struct sigaction action = {};
  action.sa_handler = OnStopSignal;
  sigemptyset(&action.sa_mask);
  sigaction(SIGTERM, &action, nullptr);
  sigaction(SIGINT, &action, nullptr);
  signal(SIGPIPE, SIG_IGN);  // a closed stdout is an error return, not a death
  return fds[0];
}

std::string SelfPath() {
  std::error_code ec;
  auto path = std::filesystem::read_symlink("/proc/self/exe", ec);
  return ec ? std::string("/path/to/project-memory") : path.string();
}

struct ServeOptions {
  size_t max_line_bytes = 4 * 1024 * 1024;
  size_t tools_page_size = 100;
  size_t list_page_size = 50;
  std::vector<std::string> allow_paths;  // stdio: more directories for files
  HttpServeOptions http;
};

int Serve(const GlobalOptions& global, const ServeOptions& options) {
  if (::isatty(STDIN_FILENO)) {
    std::cerr << "project-memory " << PM_VERSION
              << " speaks MCP (JSON-RPC, one message per line) on stdin/stdout.\n"
                 "It is meant to be started by an MCP host, e.g. for Claude Code:\n"
                 "  claude mcp add project-memory -- "
              << SelfPath() << " serve\n"
              << "Waiting for messages on stdin; Ctrl-D or Ctrl-C to quit.\n";
  }
  // The catalog is parsed on a second thread while this one opens and
  // migrates the database: they meet only when the tools are bound. (Start-up
  // time is what a host waits for before its first initialize answer.)
  auto parsed = std::async(std::launch::async, [] { return &catalog::Catalog::Embedded(); });
  auto db = OpenStore(global);
  spdlog::info("serving on database {}", db->path());
  const catalog::Catalog& catalog = *parsed.get();

  tools::ToolEnv env{*db, std::filesystem::current_path().string(), {"mcp", ""}};
  for (const auto& dir : options.allow_paths) {
    std::error_code ec;
    auto root = std::filesystem::canonical(dir, ec);
    if (ec || !std::filesystem::is_directory(root)) {
      throw std::runtime_error("--allow-path " + dir + ": not an existing directory");
    }
    env.files.roots.push_back(root.string());
  }
  mcp::ToolRegistry registry(catalog);
  tools::BindAllTools(registry, env);
  mcp::ResourceRegistry resources;
  tools::BindResources(resources, env);
  mcp::PromptRegistry prompts;
  tools::BindPrompts(prompts, env);

  int wake_fd = InstallStopSignals();
  rpc::FdByteSource input(STDIN_FILENO, wake_fd, &g_stop_requested);
  rpc::FdLineSink output(STDOUT_FILENO);
  rpc::TransportLimits limits;
  limits.max_line_bytes = options.max_line_bytes;
  rpc::Transport transport(input, output, limits);
  mcp::Server server(registry, {PM_VERSION, options.tools_page_size, options.list_page_size},
                     [&transport](const nlohmann::json& message) { transport.Send(message); },
                     {&resources, &prompts});
  transport.Run(server);
  spdlog::info("input closed; shutting down");
  return 0;
}

}  // namespace

void AddServeCommand(CLI::App& app, GlobalOptions& global, CommandRunner* run) {
  auto options = std::make_shared<ServeOptions>();
  CLI::App* cmd =
      app.add_subcommand("serve",
                         "Serve MCP over stdio (what an MCP host starts) or, with --http, MCP and "
                         "the REST API over HTTP");
  cmd->add_option("--max-line-bytes", options->max_line_bytes,
                  "Refuse messages longer than this many bytes (default 4194304)")
      ->check(CLI::Range(size_t{256}, size_t{1} << 31));
  cmd->add_option("--tools-page-size", options->tools_page_size,
                  "Tools per tools/list page (default 100)")
      ->check(CLI::Range(size_t{1}, size_t{1000}));
  cmd->add_option("--list-page-size", options->list_page_size,
                  "Entries per resources/list, resources/templates/list and prompts/list page "
                  "(default 50)")
      ->check(CLI::Range(size_t{1}, size_t{1000}));
  cmd->add_option("--allow-path", options->allow_paths,
                  "stdio: a directory where actions may read and write files besides the "
                  "workspace's and the data directory (repeatable)");
  CLI::Option* http =
      cmd->add_option("--http", options->http.listen,
                      "Serve MCP (Streamable HTTP at /mcp) and the REST API over HTTP on "
                      "[ADDR:]PORT instead of stdio; ADDR defaults to 127.0.0.1, port 0 picks a "
                      "free one");
  cmd->add_option("--http-threads", options->http.threads,
                  "HTTP: database connections serving requests at once (default 4)")
      ->check(CLI::Range(size_t{1}, size_t{256}));
  cmd->add_option("--max-connections", options->http.max_connections,
                  "HTTP: open connections at most; more are answered 503 (default 64)")
      ->check(CLI::Range(size_t{1}, size_t{10000}));
  cmd->add_option("--max-body-bytes", options->http.max_body_bytes,
                  "HTTP: refuse request bodies larger than this with 413 (default 4194304; "
                  "POST /api/import has --max-import-bytes)")
      ->check(CLI::Range(size_t{256}, size_t{1} << 31));
  cmd->add_option("--max-import-bytes", options->http.max_import_bytes,
                  "HTTP: refuse an export POSTed to /api/import larger than this with 413; it is "
                  "kept in a temporary file under $TMPDIR while it arrives (default 1073741824, "
                  "1 GiB)")
      ->check(CLI::Range(size_t{256}, size_t{1} << 40));
  cmd->add_option("--max-header-bytes", options->http.max_header_bytes,
                  "HTTP: refuse a request line and headers larger than this with 431 "
                  "(default 8192)")
      ->check(CLI::Range(size_t{1024}, size_t{1} << 20));
  cmd->add_option("--header-timeout-ms", options->http.header_timeout_ms,
                  "HTTP: a request's headers must arrive within this time (default 10000)")
      ->check(CLI::Range(100, 600'000));
  cmd->add_option("--read-timeout-ms", options->http.read_timeout_ms,
                  "HTTP: a body read or a response write that stalls this long ends the "
                  "connection (default 30000)")
      ->check(CLI::Range(100, 600'000));
  cmd->add_option("--files-root", options->http.files_root,
                  "HTTP: the one directory where actions may read and write files on the "
                  "server's disk (default: none; export and import travel in the body)");
  cmd->add_option("--allow-origin", options->http.allowed_origins,
                  "HTTP: also accept requests from this web origin (repeatable), e.g. "
                  "https://board.example.com");
  cmd->add_option("--allow-host", options->http.allowed_hosts,
                  "HTTP: on a loopback address, also answer to this Host name (repeatable)");
  CLI::Option* tls_cert = cmd->add_option(
      "--tls-cert", options->http.tls_cert,
      "HTTP: serve HTTPS with this PEM certificate (its chain may follow it); needs --tls-key");
  CLI::Option* tls_key =
      cmd->add_option("--tls-key", options->http.tls_key,
                      "HTTP: the PEM private key (no passphrase) of --tls-cert; needs --tls-cert");
  tls_cert->needs(tls_key)->needs(http);
  tls_key->needs(tls_cert)->needs(http);
  cmd->footer(
      "Examples:\n"
      "  claude mcp add project-memory -- project-memory serve\n"
      "  project-memory serve --http 8080             # HTTP on 127.0.0.1:8080\n"
      "  project-memory serve --http 0.0.0.0:8080     # a team's server (needs a token)\n"
      "  project-memory serve --http 0.0.0.0:8443 --tls-cert cert.pem --tls-key key.pem\n"
      "                                               # the same over HTTPS\n"
      "  project-memory --db ~/work/memory.db --log-level info serve\n"
      "  echo '{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"ping\"}' | project-memory --db :memory: "
      "serve\n"
      "\n"
      "stdout carries protocol messages only; logs go to stderr or --log-file.\n"
      "Exits 0 when stdin closes or on SIGTERM/SIGINT (over HTTP: after finishing the\n"
      "requests in flight).");
  cmd->callback([&global, options, run] {
    *run = [&global, options] {
      if (!options->http.listen.empty()) return RunHttpServer(global, options->http);
      return Serve(global, *options);
    };
  });
}

}  // namespace pm::cli
