// Sets up spdlog before anything logs: to stderr (never stdout, which belongs to
// the protocol) or to a file. Level from --log-level, else $PROJECT_MEMORY_LOG,
// else "warn". Throws std::runtime_error for an unknown level or unwritable file.
#pragma once

#include "cli/global_options.h"

namespace pm::cli {

void ConfigureLogging(const GlobalOptions& options);

}  // namespace pm::cli
