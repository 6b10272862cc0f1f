#include "common/atomic_file.h"

#include <doctest/doctest.h>

#include <filesystem>
#include <fstream>
#include <sstream>
#include <stdexcept>

#include "common/user_error.h"
#include "test_support.h"

namespace pm {

namespace {

std::string Slurp(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream text;
  text << in.rdbuf();
  return text.str();
}

size_t FilesIn(const std::filesystem::path& dir) {
  size_t n = 0;
  for ([[maybe_unused]] const auto& entry : std::filesystem::directory_iterator(dir)) ++n;
  return n;
}

}  // namespace

TEST_CASE("an atomic write replaces the file whole, and a failed one leaves it as it was") {
  testing::TempDir dir;
  const std::string path = dir.File("out.txt");
  WriteFileAtomically(path, [](std::ostream& out) { out << "first\n"; });
  CHECK(Slurp(path) == "first\n");

  CHECK_THROWS_WITH_AS(WriteFileAtomically(path,
                                           [](std::ostream& out) {
                                             out << "half of the sec";
                                             throw std::runtime_error("writer failed");
                                           }),
                       "writer failed", std::runtime_error);
  CHECK(Slurp(path) == "first\n");
  CHECK(FilesIn(dir.path()) == 1);  // no temporary file left behind

  WriteFileAtomically(path, [](std::ostream& out) { out << "second\n"; });
  CHECK(Slurp(path) == "second\n");
  CHECK(FilesIn(dir.path()) == 1);
}

TEST_CASE("an atomic write into a missing directory is a clear error naming the file") {
  testing::TempDir dir;
  const std::string path = dir.File("missing/out.txt");
  bool called = false;
  try {
    WriteFileAtomically(path, [&](std::ostream&) { called = true; });
    FAIL("wrote into a missing directory");
  } catch (const UserError& e) {
    CHECK(std::string(e.what()).find("cannot write " + path) == 0);
  }
  CHECK_FALSE(called);
  CHECK_FALSE(std::filesystem::exists(path));
}

}  // namespace pm
