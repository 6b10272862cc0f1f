// FuzzSession runs arbitrary bytes as the stdin of one MCP session: through
// the real Transport (framing, UTF-8, nesting, size cap), Server (lifecycle,
// dispatch) and every tool, resource and prompt, on an in-memory database that
// holds the migrated schema and the catalog and no other row.
//
// The database and the registries are made once per process and the data are
// reset after each session (see fuzz_world.h): making them anew for every
// input cost far more than running it. Used by the libFuzzer target and by
// the unit test that replays the seed corpus and every crash found. Not
// thread-safe.
#pragma once

#include <string>
#include <string_view>

namespace pm::fuzz {

struct SessionOutcome {
  std::string output;   // every line the server wrote
  std::string problem;  // empty when the session kept every invariant
};

// Runs `input` and checks what must hold after any input: each output line is a
// JSON-RPC 2.0 message, and `PRAGMA integrity_check` is ok for every table the
// session wrote. Library exceptions escaping the transport are a problem too
// (the server must never die). The next session starts from the same data.
SessionOutcome RunSession(std::string_view input);

// Why `output` (lines a server wrote) breaks the protocol: a line that is not
// JSON, or not a JSON-RPC 2.0 message (or batch of them). Empty when none does.
std::string OutputProblem(const std::string& output);

}  // namespace pm::fuzz
