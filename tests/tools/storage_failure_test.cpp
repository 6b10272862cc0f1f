// A storage failure under a tool call is an isError result an agent can read,
// not a JSON-RPC internal error, and the session goes on.
#include <doctest/doctest.h>

#include "tools/tool_call.h"

namespace pm::testing {

// A full store is made with SQLite's max_page_count; PostgreSQL has no
// per-database size cap a test could set.
TEST_CASE(
    "a full database makes a write an isError result naming it; reads go on (SQLite only: "
    "max_page_count)" *
    PM_SQLITE_ONLY) {
  McpHarness h("/ws/full");
  RegisterWorkspace(h, "full");
  ToolCaller context(h, "memory_context");
  // Cap the file at its current size: the next page needed is refused.
  int64_t pages = h.db().QueryInt("PRAGMA page_count");
  h.db().ExecScript("PRAGMA max_page_count=" + std::to_string(pages));
  std::string error = context.Err({{"action", "knowledge_store"},
                                   {"workspace", "full"},
                                   {"slug", "big"},
                                   {"title", "Big"},
                                   {"content", std::string(200000, 'x')}});
  CHECK(Has(error, "database is full"));
  CHECK(Has(error, "nothing was written"));
  json list = context.Ok({{"action", "knowledge_list"}, {"workspace", "full"}});
  CHECK(list.dump().find("big") == std::string::npos);
  CHECK(h.db().Pragma("integrity_check") == "ok");
}

TEST_CASE(
    "filling the database entry by entry: each store is whole or refused, never lost "
    "(SQLite only: max_page_count)" *
    PM_SQLITE_ONLY) {
  McpHarness h("/ws/fill");
  RegisterWorkspace(h, "fill");
  int64_t pages = h.db().QueryInt("PRAGMA page_count");
  h.db().ExecScript("PRAGMA max_page_count=" + std::to_string(pages + 64));
  int stored = 0;
  std::string refusal;
  for (int i = 0; i < 100 && refusal.empty(); ++i) {
    json r = h.CallTool("memory_context",
                        {{"action", "knowledge_store"},
                         {"workspace", "fill"},
                         {"slug", "k" + std::to_string(i)},
                         {"title", "Entry"},
                         {"content", std::string(30000, static_cast<char>('a' + i % 26))}});
    if (r["isError"] == true) {
      refusal = ResultText(r);
    } else {
      ++stored;
    }
  }
  CHECK(Has(refusal, "database is full"));
  // Every acknowledged store is there; the refused one is not.
  CHECK(h.db().QueryInt("SELECT count(*) FROM knowledge") == stored);
  CHECK(h.db().Pragma("integrity_check") == "ok");
}

}  // namespace pm::testing
