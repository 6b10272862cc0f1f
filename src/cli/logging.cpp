#include "cli/logging.h"

#include <spdlog/sinks/basic_file_sink.h>
#include <spdlog/sinks/stdout_sinks.h>
#include <spdlog/spdlog.h>

#include <cstdlib>
#include <stdexcept>

namespace pm::cli {

void ConfigureLogging(const GlobalOptions& options) {
  std::string level_name = options.log_level;
  if (level_name.empty()) {
    const char* env = std::getenv("PROJECT_MEMORY_LOG");
    level_name = env && *env ? env : "warn";
  }
  spdlog::level::level_enum level = spdlog::level::from_str(level_name);
  // from_str maps anything unknown to "off"; only "off" itself may mean off.
  if (level == spdlog::level::off && level_name != "off") {
    throw std::runtime_error("unknown log level \"" + level_name +
                             "\" (use trace, debug, info, warn, error, critical or off)");
  }
  std::shared_ptr<spdlog::logger> logger;
  if (options.log_file.empty()) {
    logger = std::make_shared<spdlog::logger>("project-memory",
                                              std::make_shared<spdlog::sinks::stderr_sink_st>());
  } else {
    try {
      logger = std::make_shared<spdlog::logger>(
          "project-memory",
          std::make_shared<spdlog::sinks::basic_file_sink_st>(options.log_file, false));
    } catch (const spdlog::spdlog_ex& e) {
      throw std::runtime_error("cannot open log file " + options.log_file + ": " + e.what());
    }
    logger->flush_on(spdlog::level::info);
  }
  logger->set_pattern("%Y-%m-%dT%H:%M:%S.%e [%l] [pid %P] %v");
  logger->set_level(level);
  spdlog::set_default_logger(logger);
}

}  // namespace pm::cli
