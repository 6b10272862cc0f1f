// project-memory-http: project-memory with the HTTP server linked in.
// project-memory hands `serve --http` to it (cli/http_launcher.h); it runs
// every other command as project-memory does.
#include "cli/commands.h"
#include "cli/http_launcher.h"
#include "cli/serve_http.h"

int main(int argc, char** argv) {
  pm::cli::SetHttpServer(&pm::cli::ServeHttp);
  return pm::cli::RunCli(argc, argv);
}
