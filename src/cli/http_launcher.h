// Where `serve --http` runs. The HTTP server (src/http, cpp-httplib and
// OpenSSL's TLS) is linked into a second executable, project-memory-http,
// built beside project-memory: the stdio server and the CLI then never load
// those libraries, whose start-up (OpenSSL's algorithm tables) would cost
// every stdio process about 2.5 MB and half a millisecond. project-memory
// hands `serve --http` over to it with exec, keeping its process id, standard
// streams and arguments, so a host or a supervisor sees one process.
#pragma once

#include "cli/global_options.h"
#include "cli/serve_http.h"

namespace pm::cli {

using HttpServerFn = int (*)(const GlobalOptions&, const HttpServeOptions&);

// Called by project-memory-http's main (and tests) before RunCli: `serve
// --http` then runs `server` in this process.
void SetHttpServer(HttpServerFn server);

// Keeps the command line RunCli was given, for the hand-over.
void RememberCommandLine(int argc, char** argv);

// The executable `serve --http` is handed to: project-memory-http in the
// directory of the running executable.
std::string HttpExecutablePath();

// Runs the HTTP server set by SetHttpServer; without one, replaces this
// process with HttpExecutablePath() and the remembered command line. Throws
// std::runtime_error naming the executable when it cannot be run.
int RunHttpServer(const GlobalOptions& global, const HttpServeOptions& options);

}  // namespace pm::cli
