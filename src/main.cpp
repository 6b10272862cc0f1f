// project-memory: see README.md. All logic lives in the library.
#include "cli/commands.h"

int main(int argc, char** argv) { return pm::cli::RunCli(argc, argv); }
