// Replays the fuzzer's seed corpus and every input it ever crashed with
// (fuzz/regressions) through the same session the fuzz target runs, so a fixed
// crash stays fixed in every build, sanitized or not.
#include <doctest/doctest.h>
#include <spdlog/spdlog.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <vector>

#include "fuzz/fuzz_session.h"

namespace {

namespace fs = std::filesystem;

std::vector<fs::path> FilesIn(const fs::path& dir) {
  std::vector<fs::path> files;
  if (!fs::exists(dir)) return files;
  for (const auto& entry : fs::directory_iterator(dir)) {
    if (entry.is_regular_file() && entry.path().filename().string()[0] != '.') {
      files.push_back(entry.path());
    }
  }
  std::sort(files.begin(), files.end());
  return files;
}

std::string ReadAll(const fs::path& file) {
  std::ifstream in(file, std::ios::binary);
  std::ostringstream text;
  text << in.rdbuf();
  return text.str();
}

// Runs each file, with logging quiet, and checks every invariant held.
void ReplayAll(const std::vector<fs::path>& files) {
  auto level = spdlog::get_level();
  spdlog::set_level(spdlog::level::off);
  for (const auto& file : files) {
    CAPTURE(file.string());
    pm::fuzz::SessionOutcome outcome = pm::fuzz::RunSession(ReadAll(file));
    CHECK(outcome.problem == "");
    CHECK_FALSE(outcome.output.empty());
  }
  spdlog::set_level(level);
}

}  // namespace

TEST_CASE("every seed session of the fuzz corpus runs and keeps the invariants") {
  auto files = FilesIn(fs::path(PM_FUZZ_DIR) / "corpus");
  // One seed per catalog action and more: a missing corpus is a broken checkout.
  REQUIRE(files.size() >= 120);
  ReplayAll(files);
}

TEST_CASE("every input the fuzzer once crashed with now runs cleanly") {
  ReplayAll(FilesIn(fs::path(PM_FUZZ_DIR) / "regressions"));
}

TEST_CASE("a seed session answers each request with a result") {
  auto files = FilesIn(fs::path(PM_FUZZ_DIR) / "corpus");
  auto steps_next = std::find_if(files.begin(), files.end(), [](const fs::path& p) {
    return p.filename() == "memory_steps.next";
  });
  REQUIRE(steps_next != files.end());
  auto level = spdlog::get_level();
  spdlog::set_level(spdlog::level::off);
  pm::fuzz::SessionOutcome outcome = pm::fuzz::RunSession(ReadAll(*steps_next));
  spdlog::set_level(level);
  CHECK(outcome.problem == "");
  // initialize + 4 prelude calls + the example: six answers, none a JSON-RPC error.
  std::istringstream lines(outcome.output);
  int answers = 0;
  for (std::string line; std::getline(lines, line);) {
    ++answers;
    CHECK(line.find("\"error\":{") == std::string::npos);
  }
  CHECK(answers == 6);
}

TEST_CASE("the fuzzer's output check refuses lines that are not JSON-RPC messages") {
  using pm::fuzz::OutputProblem;
  CHECK(OutputProblem("") == "");
  CHECK(OutputProblem("{\"id\":1,\"jsonrpc\":\"2.0\",\"result\":{}}\n") == "");
  CHECK(OutputProblem("[{\"jsonrpc\":\"2.0\",\"id\":1,\"result\":{\"jsonrpc\":1}}]\n") == "");
  const char* bad[] = {
      "not json\n",
      "{\"id\":1,\"result\":{}}\n",                          // no jsonrpc
      "{\"id\":1,\"jsonrpc\":\"1.0\",\"result\":{}}\n",      // wrong version
      "{\"id\":1,\"result\":{\"jsonrpc\":\"2.0\"}}\n",       // only nested
      "[]\n",                                                // empty batch
      "[{\"jsonrpc\":\"2.0\",\"id\":1,\"result\":{}},5]\n",  // a scalar in a batch
      "2\n",
      "{\"id\":1,\"jsonrpc\":\"2.0\",\"result\":{}}\n{\"id\":2}\n",  // the second line
  };
  for (const char* output : bad) {
    CAPTURE(output);
    CHECK(OutputProblem(output) != "");
  }
}
