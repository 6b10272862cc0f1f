// libFuzzer target: arbitrary bytes as the stdin of an MCP session on an
// in-memory database (see fuzz_session.h). Aborts — which libFuzzer reports as
// a crash, saving the input — when an invariant breaks; the sanitizers catch
// memory errors and undefined behaviour. Build with -DPM_FUZZ=ON (clang), run
// with scripts/fuzz.
#include <spdlog/spdlog.h>

#include <cstdint>
#include <cstdio>
#include <cstdlib>

#include "fuzz/fuzz_session.h"

extern "C" int LLVMFuzzerInitialize(int*, char***) {
  spdlog::set_level(spdlog::level::off);  // the server logs every refusal
  return 0;
}

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  pm::fuzz::SessionOutcome outcome =
      pm::fuzz::RunSession({reinterpret_cast<const char*>(data), size});
  if (!outcome.problem.empty()) {
    std::fprintf(stderr, "invariant broken: %s\n", outcome.problem.c_str());
    std::abort();
  }
  return 0;
}
