// Writing a file so that readers never see half of it: the content goes to a
// temporary file beside the target, which is renamed into place only when every
// byte was written. On failure the temporary file is removed and the target is
// left as it was.
#pragma once

#include <functional>
#include <ostream>
#include <string>

namespace pm {

// Calls `write` with a stream on a temporary file beside `path`, then renames
// it to `path`. Throws UserError ("cannot write PATH: reason") when the file
// cannot be created, written or renamed; rethrows what `write` throws. Either
// way nothing is left behind.
void WriteFileAtomically(const std::string& path, const std::function<void(std::ostream&)>& write);

}  // namespace pm
