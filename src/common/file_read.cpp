#include "common/file_read.h"

#include <cerrno>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "common/user_error.h"

namespace pm {

std::string ReadWholeFile(const std::string& path, FileKinds kinds) {
  std::error_code ec;
  if (kinds == FileKinds::kRegularOnly && std::filesystem::exists(path, ec) &&
      !std::filesystem::is_regular_file(path, ec)) {
    throw UserError("cannot read " + path + ": not a regular file");
  }
  std::ifstream in(path, std::ios::binary);
  if (!in) throw UserError("cannot read " + path + ": " + std::strerror(errno));
  std::ostringstream content;
  content << in.rdbuf();
  if (in.bad()) throw UserError("cannot read " + path);
  return content.str();
}

}  // namespace pm
