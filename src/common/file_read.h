// Reading a whole file into memory, with the errors a person or an agent can
// act on ("cannot read PATH: No such file or directory").
#pragma once

#include <string>

namespace pm {

enum class FileKinds {
  kRegularOnly,  // refuse devices and FIFOs (/dev/zero, a pipe nobody writes) that would
                 // never end: what the server reads on an agent's say-so
  kAny,          // a person's command may read a pipe (`import <(...)`)
};

// The file's bytes. Throws pm::UserError naming the path and the reason.
std::string ReadWholeFile(const std::string& path, FileKinds kinds = FileKinds::kRegularOnly);

}  // namespace pm
