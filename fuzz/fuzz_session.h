// FuzzSession runs arbitrary bytes as the stdin of one MCP session: through
// the real Transport (framing, UTF-8, nesting, size cap), Server (lifecycle,
// dispatch) and every tool, resource and prompt, on a fresh in-memory database
// that already holds the migrated schema and the catalog. Used by the libFuzzer
// target and by the unit test that replays the seed corpus and every crash
// found. Not thread-safe.
#pragma once

#include <string>
#include <string_view>

namespace pm::fuzz {

struct SessionOutcome {
  std::string output;   // every line the server wrote
  std::string problem;  // empty when the session kept every invariant
};

// Runs `input` and checks what must hold after any input: each output line is a
// JSON-RPC 2.0 message, and `PRAGMA integrity_check` is ok. Library exceptions
// escaping the transport are a problem too (the server must never die).
SessionOutcome RunSession(std::string_view input);

}  // namespace pm::fuzz
