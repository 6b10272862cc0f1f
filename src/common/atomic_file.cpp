#include "common/atomic_file.h"

#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <filesystem>
#include <fstream>

#include "common/user_error.h"

namespace pm {

void WriteFileAtomically(const std::string& path, const std::function<void(std::ostream&)>& write) {
  const std::string partial = path + ".partial-" + std::to_string(::getpid());
  std::ofstream file(partial, std::ios::binary | std::ios::trunc);
  if (!file) throw UserError("cannot write " + path + ": " + std::strerror(errno));
  try {
    write(file);
    file.close();
    if (!file) throw UserError("cannot write " + path + ": " + std::strerror(errno));
    std::error_code ec;
    std::filesystem::rename(partial, path, ec);
    if (ec) throw UserError("cannot write " + path + ": " + ec.message());
  } catch (...) {
    std::error_code ignored;
    std::filesystem::remove(partial, ignored);
    throw;
  }
}

}  // namespace pm
