// memory_bench: how fast memory is stored and searched at scale.
//
//   memory_bench [--items N] [--queries Q] [--stores S] [--db PATH] [--reuse]
//
// Fills a file database (WAL, as served) with N context items of generated
// prose in one workspace (plus a tenth as many in a second one), then times:
//   store    one memory_context "store" through tools/call (validation,
//            anchor lookup, upsert, FTS triggers, update log, commit)
//   search   memory_context "search" (bm25 over every kind, snippets for the
//            page of 10), for one- and two-word and prefix queries
// and prints p50 / p95 in milliseconds. Figures only; nothing is asserted.
// --reuse keeps a --db that already holds items as it is (no fill), so a
// profiler sees the searches alone.
#include <spdlog/spdlog.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <filesystem>
#include <random>
#include <string>
#include <vector>

#include "catalog/catalog.h"
#include "cli/startup.h"
#include "mcp/tool_registry.h"
#include "store/context_repository.h"
#include "store/migrator.h"
#include "store/workspace_repository.h"
#include "tools/all_tools.h"

namespace {

using nlohmann::json;
using Clock = std::chrono::steady_clock;

struct Options {
  int items = 100000;
  int queries = 300;
  int stores = 1000;
  std::string db;
  bool reuse = false;
};

// A vocabulary of pronounceable words; word i is drawn with weight 1/(i+1)
// (Zipf), so some words are everywhere and most are rare, as in prose.
std::vector<std::string> Vocabulary(std::mt19937& rng, size_t n) {
  static const char* kSyllables[] = {"ka", "lo",  "mi", "ne", "tor", "ux",  "ba",
                                     "ri", "zen", "pa", "qu", "el",  "dan", "so",
                                     "vi", "ger", "on", "at", "cy",  "mo"};
  std::vector<std::string> words;
  std::uniform_int_distribution<int> syllables(2, 4), pick(0, 19);
  while (words.size() < n) {
    std::string w;
    for (int s = syllables(rng); s > 0; --s) w += kSyllables[pick(rng)];
    if (std::find(words.begin(), words.end(), w) == words.end()) words.push_back(w);
  }
  return words;
}

double Percentile(std::vector<double> v, double p) {
  std::sort(v.begin(), v.end());
  return v[std::min(v.size() - 1, static_cast<size_t>(p * static_cast<double>(v.size())))];
}

void Report(const char* what, const std::vector<double>& ms) {
  std::printf("%-34s p50 %7.3f ms   p95 %7.3f ms   (n=%zu)\n", what, Percentile(ms, 0.50),
              Percentile(ms, 0.95), ms.size());
}

}  // namespace

int main(int argc, char** argv) {
  Options o;
  for (int i = 1; i < argc; ++i) {
    const std::string flag = argv[i];
    const bool has_value = i + 1 < argc;
    if (flag == "--reuse")
      o.reuse = true;
    else if (flag == "--items" && has_value)
      o.items = std::stoi(argv[++i]);
    else if (flag == "--queries" && has_value)
      o.queries = std::stoi(argv[++i]);
    else if (flag == "--stores" && has_value)
      o.stores = std::stoi(argv[++i]);
    else if (flag == "--db" && has_value)
      o.db = argv[++i];
    else {
      std::fprintf(stderr,
                   "usage: memory_bench [--items N] [--queries Q] [--stores S] [--db PATH] "
                   "[--reuse]\n");
      return 2;
    }
  }
  spdlog::set_level(spdlog::level::off);
  namespace fs = std::filesystem;
  const fs::path dir = fs::temp_directory_path() / ("pm-bench-" + std::to_string(::getpid()));
  fs::create_directories(dir);
  if (o.db.empty()) o.db = (dir / "bench.db").string();

  pm::store::DatabaseOptions options;
  options.path = o.db;
  pm::store::Database db(options);
  pm::store::Migrator(db, pm::store::EmbeddedMigrations()).Migrate();
  pm::cli::SeedCatalog(db, pm::catalog::Catalog::Embedded());
  pm::store::WorkspaceRepository workspaces(db);
  pm::store::NewWorkspace spec;
  spec.name = "bench";
  const int64_t ws = workspaces.Register(spec, {"bench", ""}).first.id;
  spec.name = "neighbour";
  const int64_t neighbour = workspaces.Register(spec, {"bench", ""}).first.id;

  std::mt19937 rng(42);
  const std::vector<std::string> words = Vocabulary(rng, 5000);
  std::vector<double> weights(words.size());
  for (size_t i = 0; i < words.size(); ++i) weights[i] = 1.0 / static_cast<double>(i + 1);
  std::discrete_distribution<size_t> zipf(weights.begin(), weights.end());
  std::uniform_int_distribution<int> length(8, 40);
  auto sentence = [&] {
    std::string s;
    for (int n = length(rng); n > 0; --n) s += (s.empty() ? "" : " ") + words[zipf(rng)];
    return s;
  };
  static const char* kTypes[] = {"decisions", "findings", "notes", "risks", "handoff"};

  // Fill: 1,000 items per transaction, a mix of text and JSON data.
  pm::store::ContextRepository context(db);
  const pm::store::Actor actor{"bench", ""};
  auto fill = [&](int64_t workspace, int count) {
    const pm::store::Anchor anchor = context.WorkspaceAnchor(workspace);
    for (int done = 0; done < count;) {
      std::vector<pm::store::NewContext> batch;
      for (int i = 0; i < 1000 && done < count; ++i, ++done) {
        pm::store::NewContext item;
        item.anchor = anchor;
        item.type = kTypes[done % 5];
        item.append = true;
        item.data =
            done % 2 ? json(sentence()) : json{{"summary", sentence()}, {"detail", sentence()}};
        batch.push_back(std::move(item));
      }
      context.StoreBatch(workspace, batch, actor);
    }
  };
  const auto fill_start = Clock::now();
  const bool filled =
      o.reuse && db.QueryInt("SELECT count(*) FROM context_items WHERE workspace_id = " +
                             std::to_string(ws)) > 0;
  if (!filled) {
    fill(ws, o.items);
    fill(neighbour, o.items / 10);
  }
  const double fill_s = std::chrono::duration<double>(Clock::now() - fill_start).count();

  pm::tools::ToolEnv env{db, dir.string(), actor};
  pm::mcp::ToolRegistry registry(pm::catalog::Catalog::Embedded());
  pm::tools::BindAllTools(registry, env);
  const pm::mcp::CallContext call_context{"2025-11-25", nullptr, {}};
  auto call = [&](const json& args) {
    const auto start = Clock::now();
    json result = registry.Call("memory_context", args, call_context);
    const double ms = std::chrono::duration<double, std::milli>(Clock::now() - start).count();
    if (result.value("isError", false)) {
      std::fprintf(stderr, "call failed: %s\n", result.dump().c_str());
      std::exit(1);
    }
    return std::make_pair(ms, result);
  };

  std::vector<double> store_ms, replace_ms;
  for (int i = 0; i < o.stores; ++i) {
    store_ms.push_back(call({{"action", "store"},
                             {"workspace", ws},
                             {"type", "bench"},
                             {"data", sentence()},
                             {"append", true}})
                           .first);
    replace_ms.push_back(call({{"action", "store"},
                               {"workspace", ws},
                               {"type", "latest"},
                               {"data", {{"note", sentence()}}}})
                             .first);
  }

  // Queries: words of middling frequency (ranks 20..2000), as people search.
  std::uniform_int_distribution<size_t> middling(20, 2000);
  std::vector<double> one_ms, two_ms, prefix_ms;
  size_t hits = 0;
  for (int i = 0; i < o.queries; ++i) {
    const std::string a = words[middling(rng)], b = words[middling(rng)];
    auto [t1, r1] = call({{"action", "search"}, {"workspace", ws}, {"query", a}});
    one_ms.push_back(t1);
    hits += r1["structuredContent"]["hits"].size();
    two_ms.push_back(call({{"action", "search"}, {"workspace", ws}, {"query", a + " " + b}}).first);
    prefix_ms.push_back(
        call({{"action", "search"}, {"workspace", ws}, {"query", a.substr(0, 5) + "*"}}).first);
  }

  std::printf("memory_bench: %d context items (+%d in another workspace), %s\n", o.items,
              o.items / 10, o.db.c_str());
  if (filled)
    std::printf("%-34s reused\n", "fill");
  else
    std::printf("%-34s %.1f s (%.0f items/s in 1,000-item batches)\n", "fill", fill_s,
                (o.items * 1.1) / fill_s);
  Report("store one item (append)", store_ms);
  Report("store one item (replace)", replace_ms);
  Report("search, one word", one_ms);
  Report("search, two words", two_ms);
  Report("search, prefix*", prefix_ms);
  std::printf("%-34s %.1f\n", "hits per one-word search (max 10)",
              static_cast<double>(hits) / o.queries);
  std::error_code ec;
  fs::remove_all(dir, ec);
  return 0;
}
