// scheduler_bench: latency of the scheduling hot paths on seed 004's load
// (50 workspaces × 10 plans × 5 phases × 20 steps = 50,000 steps) and on a
// 1,000,000-step database (the same shape over 1,000 workspaces), printed as
// p50/p99 tables. Measured in-process (store calls, and tools/call through
// the tool registry), through the stdio protocol against a `project-memory
// serve` child, and as claims per second with 8 and 16 processes on one store.
// With --pg URL the 50,000-step load runs on SQLite and on a PostgreSQL
// database made on that server, and the two are printed side by side.
// Figures only: nothing here asserts a time. Run it through scripts/bench.
#include <spdlog/spdlog.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <functional>
#include <iostream>
#include <random>
#include <string>
#include <thread>
#include <vector>

#include "catalog/catalog.h"
#include "cli/startup.h"
#include "common/user_error.h"
#include "mcp/tool_registry.h"
#include "store/database.h"
#include "store/dependency_repository.h"
#include "store/migrator.h"
#include "store/pg/connection.h"
#include "store/plan_repository.h"
#include "store/scheduler.h"
#include "store/shapes.h"
#include "tools/all_tools.h"

namespace {

namespace fs = std::filesystem;
using nlohmann::json;
using Clock = std::chrono::steady_clock;
using pm::store::Database;

constexpr int kPlans = 10, kPhases = 5, kStepsPerPhase = 20;
constexpr int kStepsPerWorkspace = kPlans * kPhases * kStepsPerPhase;
const char* kPriorities[] = {"critical", "high", "medium", "low"};

struct Options {
  fs::path dir = fs::temp_directory_path() / "pm-scheduler-bench";
  std::string server;  // the project-memory binary for the stdio figures
  std::string pg_url;  // a PostgreSQL server to run on too (its maintenance database)
  int samples = 2000;
  double process_seconds = 3;
  bool large = true;
  bool keep = false;
};

// ---- building the databases -------------------------------------------------

// A store to measure: a SQLite file, or a PostgreSQL database made for the run.
struct Store {
  std::string backend;  // "SQLite" or "PostgreSQL"
  std::string path;     // the file, or the database's URL
  std::function<void()> remove;
};

Store SqliteStore(const fs::path& file) {
  auto remove = [file] {
    for (const char* suffix : {"", "-wal", "-shm"}) fs::remove(file.string() + suffix);
  };
  remove();
  return {"SQLite", file.string(), remove};
}

Store PostgresStore(const std::string& url, const std::string& name) {
  pm::store::pg::ConnectionOptions options;
  options.conninfo = url;
  auto admin = std::make_shared<pm::store::pg::Connection>(options);
  admin->ExecuteScript("DROP DATABASE IF EXISTS " + name + " WITH (FORCE)");
  admin->ExecuteScript("CREATE DATABASE " + name);
  const std::string db_url =
      url + (url.find('?') == std::string::npos ? "?" : "&") + "dbname=" + name;
  return {"PostgreSQL", db_url, [admin, name] {
            admin->ExecuteScript("DROP DATABASE IF EXISTS " + name + " WITH (FORCE)");
          }};
}

std::unique_ptr<Database> Open(const std::string& path) {
  pm::store::DatabaseOptions options;
  options.path = path;
  options.busy_timeout_ms = 30000;
  return std::make_unique<Database>(options);
}

// Workspaces of kPlans plans, each kPhases phases of kStepsPerPhase steps, and
// 20 step dependencies per workspace from later plans to earlier ones.
void Seed(Database& db, int workspaces) {
  pm::store::Migrator(db, pm::store::EmbeddedMigrations()).Migrate();
  pm::cli::SeedCatalog(db, pm::catalog::Catalog::Embedded());
  std::minstd_rand rnd(7);
  auto ws = db.Prepare("INSERT INTO workspaces (id, code, name) VALUES (?, ?, ?)");
  auto plan = db.Prepare(
      "INSERT INTO plans (id, workspace_id, code, title, status, priority) "
      "VALUES (?, ?, ?, ?, 'active', ?)");
  auto phase =
      db.Prepare("INSERT INTO phases (id, plan_id, name, order_index) VALUES (?, ?, ?, ?)");
  auto step = db.Prepare(
      "INSERT INTO steps (id, workspace_id, plan_id, phase_id, code, order_index, "
      "task, type) VALUES (?, ?, ?, ?, ?, ?, ?, ?)");
  auto edge = db.Prepare(
      "INSERT INTO dependencies (workspace_id, source_kind, source_id, "
      "target_kind, target_id) VALUES (?, 'step', ?, 'step', ?) ON CONFLICT DO NOTHING");
  const char* types[] = {"code", "test", "research", "documentation"};
  auto run = [](pm::store::Statement& s) {
    s.Exec();
    s.Reset();
  };
  for (int w = 1; w <= workspaces; ++w) {
    db.Write([&] {
      ws.Bind(1, w);
      ws.Bind(2, "ws" + std::to_string(w));
      ws.Bind(3, "Workspace " + std::to_string(w));
      run(ws);
      const int64_t first_step = int64_t{w - 1} * kStepsPerWorkspace + 1;
      for (int p = 0; p < kPlans; ++p) {
        const int64_t plan_id = int64_t{w - 1} * kPlans + p + 1;
        plan.Bind(1, plan_id);
        plan.Bind(2, w);
        plan.Bind(3, "P" + std::to_string(p + 1));
        plan.Bind(4, "Plan " + std::to_string(p + 1));
        plan.Bind(5, kPriorities[p % 4]);
        run(plan);
        for (int ph = 0; ph < kPhases; ++ph) {
          const int64_t phase_id = (plan_id - 1) * kPhases + ph + 1;
          phase.Bind(1, phase_id);
          phase.Bind(2, plan_id);
          phase.Bind(3, "Phase " + std::to_string(ph + 1));
          phase.Bind(4, ph);
          run(phase);
          for (int s = 0; s < kStepsPerPhase; ++s) {
            const int local = (p * kPhases + ph) * kStepsPerPhase + s;
            step.Bind(1, first_step + local);
            step.Bind(2, w);
            step.Bind(3, plan_id);
            step.Bind(4, phase_id);
            step.Bind(5, "T" + std::to_string(local + 1));
            step.Bind(6, s);
            step.Bind(7, "Step " + std::to_string(local + 1) + " of plan " + std::to_string(p + 1));
            step.Bind(8, types[local % 4]);
            run(step);
          }
        }
      }
      for (int e = 0; e < 20; ++e) {
        const int later = 1 + static_cast<int>(rnd() % (kPlans - 1));
        const int earlier = static_cast<int>(rnd() % later);
        const int per_plan = kPhases * kStepsPerPhase;
        edge.Bind(1, w);
        edge.Bind(2, first_step + later * per_plan + static_cast<int>(rnd() % per_plan));
        edge.Bind(3, first_step + earlier * per_plan + static_cast<int>(rnd() % per_plan));
        run(edge);
      }
      db.ExecScript("INSERT INTO code_counters (workspace_id, prefix, last_value) VALUES (" +
                    std::to_string(w) + ", 'P', " + std::to_string(kPlans) + "), (" +
                    std::to_string(w) + ", 'T', " + std::to_string(kStepsPerWorkspace) + ")");
    });
  }
  if (db.engine() == pm::store::Engine::kPostgres) {
    db.QueryInt("SELECT pm_sync_identities()");  // rows came with their ids
    db.ExecScript("VACUUM ANALYZE");
  } else {
    db.ExecScript("PRAGMA wal_checkpoint(TRUNCATE)");
  }
}

// ---- measuring --------------------------------------------------------------

struct Row {
  std::string name;
  std::vector<double> ms;
};

double Percentile(std::vector<double> v, double p) {
  if (v.empty()) return 0;
  std::sort(v.begin(), v.end());
  return v[std::min(v.size() - 1, static_cast<size_t>(p * static_cast<double>(v.size())))];
}

template <typename F>
Row Measure(const std::string& name, int n, F&& op) {
  Row row{name, {}};
  row.ms.reserve(static_cast<size_t>(n));
  for (int i = 0; i < n; ++i) {
    const auto start = Clock::now();
    op(i);
    row.ms.push_back(std::chrono::duration<double, std::milli>(Clock::now() - start).count());
  }
  return row;
}

void Print(const std::vector<Row>& rows) {
  std::printf("  %-44s %9s %9s %7s\n", "operation", "p50 ms", "p99 ms", "n");
  for (const auto& r : rows) {
    std::printf("  %-44s %9.3f %9.3f %7zu\n", r.name.c_str(), Percentile(r.ms, 0.5),
                Percentile(r.ms, 0.99), r.ms.size());
  }
}

// A project-memory server child spoken to over its stdin/stdout.
class StdioServer {
 public:
  StdioServer(const std::string& binary, const std::string& db) {
    int in[2], out[2];
    if (pipe(in) != 0 || pipe(out) != 0) throw std::runtime_error("pipe failed");
    pid_ = fork();
    if (pid_ == 0) {
      dup2(in[0], STDIN_FILENO);
      dup2(out[1], STDOUT_FILENO);
      close(in[1]);
      close(out[0]);
      execl(binary.c_str(), binary.c_str(), "--db", db.c_str(), "--log-level", "error", "serve",
            static_cast<char*>(nullptr));
      _exit(127);
    }
    close(in[0]);
    close(out[1]);
    to_ = fdopen(in[1], "w");
    from_ = fdopen(out[0], "r");
    Request("initialize", {{"protocolVersion", "2025-11-25"},
                           {"capabilities", json::object()},
                           {"clientInfo", {{"name", "bench"}, {"version", "1"}}}});
    std::fputs("{\"jsonrpc\":\"2.0\",\"method\":\"notifications/initialized\"}\n", to_);
    std::fflush(to_);
  }
  ~StdioServer() {
    std::fclose(to_);
    std::fclose(from_);
    waitpid(pid_, nullptr, 0);
  }
  json Request(const std::string& method, const json& params) {
    json request = {{"jsonrpc", "2.0"}, {"id", ++id_}, {"method", method}, {"params", params}};
    std::fputs((request.dump() + "\n").c_str(), to_);
    std::fflush(to_);
    std::string line;
    for (int c; (c = std::fgetc(from_)) != EOF && c != '\n';) line.push_back(static_cast<char>(c));
    json response = json::parse(line);
    if (response.contains("error")) throw std::runtime_error("server error: " + line);
    return response["result"];
  }
  json Call(const std::string& tool, const json& args) {
    json result = Request("tools/call", {{"name", tool}, {"arguments", args}});
    if (result.value("isError", false))
      throw std::runtime_error(tool + " failed: " + result.dump());
    return result["structuredContent"];
  }

 private:
  pid_t pid_ = -1;
  FILE* to_ = nullptr;
  FILE* from_ = nullptr;
  int id_ = 0;
};

// Claims per second: `processes` children, each with its own connection, claim
// and complete tasks of random workspaces for `seconds`.
double ClaimsPerSecond(const std::string& file, int workspaces, int processes, double seconds) {
  std::vector<std::pair<pid_t, int>> children;
  for (int p = 0; p < processes; ++p) {
    int fds[2];
    if (pipe(fds) != 0) throw std::runtime_error("pipe failed");
    pid_t pid = fork();
    if (pid == 0) {
      close(fds[0]);
      int64_t claims = 0;
      try {
        auto db = Open(file);
        pm::store::Scheduler scheduler(*db);
        std::minstd_rand rnd(static_cast<unsigned>(1000 + p));
        pm::store::Actor actor{"bench-" + std::to_string(p), "s"};
        const auto end = Clock::now() + std::chrono::duration<double>(seconds);
        while (Clock::now() < end) {
          pm::store::TaskFilter filter;
          filter.workspace_id = 1 + static_cast<int64_t>(rnd() % static_cast<unsigned>(workspaces));
          const pm::store::NextTask next = scheduler.GetNextTask(filter, true, 900, actor);
          if (!next.task) continue;
          ++claims;
          pm::store::StatusChange done;
          done.status = "completed";
          scheduler.UpdateTaskStatus(next.task->task.id, done, actor);
        }
      } catch (const std::exception& e) {
        std::fprintf(stderr, "bench child %d: %s\n", p, e.what());
        claims = -1;
      }
      if (write(fds[1], &claims, sizeof claims) != sizeof claims) _exit(1);
      _exit(0);
    }
    close(fds[1]);
    children.emplace_back(pid, fds[0]);
  }
  int64_t total = 0;
  for (auto [pid, fd] : children) {
    int64_t claims = 0;
    if (read(fd, &claims, sizeof claims) != sizeof claims || claims < 0) total = -1;
    if (total >= 0) total += claims;
    close(fd);
    waitpid(pid, nullptr, 0);
  }
  return total < 0 ? -1 : static_cast<double>(total) / seconds;
}

// ---- one database -------------------------------------------------------------

// What one store measured: the latency rows and the claim rates.
struct Figures {
  std::string backend;
  std::vector<Row> rows;
  std::vector<std::pair<int, double>> claims;  // processes, claim+complete pairs per second
};

Figures Run(const Options& o, const Store& store, int workspaces, const std::string& label) {
  const std::string& file = store.path;
  std::printf("\n%s on %s: %d steps (%d workspaces × %d plans × %d phases × %d steps)\n",
              label.c_str(), store.backend.c_str(), workspaces * kStepsPerWorkspace, workspaces,
              kPlans, kPhases, kStepsPerPhase);
  std::fflush(stdout);
  const auto build_start = Clock::now();
  double megabytes = 0;
  {
    auto db = Open(file);
    Seed(*db, workspaces);
    megabytes =
        db->engine() == pm::store::Engine::kPostgres
            ? static_cast<double>(db->QueryInt("SELECT pg_database_size(current_database())")) / 1e6
            : static_cast<double>(fs::file_size(file)) / 1e6;
  }
  std::printf("  built in %.1f s, %.0f MB\n",
              std::chrono::duration<double>(Clock::now() - build_start).count(), megabytes);

  auto db = Open(file);
  pm::store::Scheduler scheduler(*db);
  pm::store::PlanRepository plans(*db);
  pm::store::DependencyRepository deps(*db);
  pm::store::Actor actor{"bench", "main"};
  std::minstd_rand rnd(42);
  auto random_ws = [&] {
    return 1 + static_cast<int64_t>(rnd() % static_cast<unsigned>(workspaces));
  };
  auto filter_of = [](int64_t ws) {
    pm::store::TaskFilter f;
    f.workspace_id = ws;
    return f;
  };
  const int n = o.samples;
  std::vector<Row> rows;
  std::vector<int64_t> claimed;
  rows.push_back(Measure("get_next_task, claim (store)", n, [&](int) {
    const pm::store::NextTask next =
        scheduler.GetNextTask(filter_of(random_ws()), true, 900, actor);
    if (next.task) claimed.push_back(next.task->task.id);
  }));
  rows.push_back(Measure("update_task_status, completed (store)", static_cast<int>(claimed.size()),
                         [&](int i) {
                           pm::store::StatusChange done;
                           done.status = "completed";
                           scheduler.UpdateTaskStatus(claimed[static_cast<size_t>(i)], done, actor);
                         }));
  rows.push_back(Measure("plan get (store)", n, [&](int) {
    plans.View(static_cast<int64_t>(rnd() % static_cast<unsigned>(workspaces * kPlans)) + 1);
  }));
  rows.push_back(Measure("filtered step list: plan + status (store)", n, [&](int) {
    const int64_t plan =
        static_cast<int64_t>(rnd() % static_cast<unsigned>(workspaces * kPlans)) + 1;
    // idx_steps_plan_status
    pm::store::SelectAll(
        *db, pm::store::shapes::kStep,
        "plan_id = ? AND status = 'pending' ORDER BY phase_id, order_index LIMIT 50", {plan});
  }));
  rows.push_back(Measure("ready list, 50 (store)", n,
                         [&](int) { scheduler.Ready(filter_of(random_ws()), 50); }));
  int refused = 0;
  rows.push_back(Measure("dependency add + cycle check (store)", n, [&](int i) {
    const int64_t ws = random_ws();
    const int64_t first = (ws - 1) * kStepsPerWorkspace + 1;
    const int per_plan = kPhases * kStepsPerPhase;
    const int later = 1 + static_cast<int>(rnd() % (kPlans - 1));
    const int earlier = static_cast<int>(rnd() % static_cast<unsigned>(later));
    pm::store::WorkItem a{pm::store::WorkKind::kStep,
                          first + later * per_plan + static_cast<int>(rnd() % per_plan)};
    pm::store::WorkItem b{pm::store::WorkKind::kStep,
                          first + earlier * per_plan + static_cast<int>(rnd() % per_plan)};
    if (i % 10 == 0) std::swap(a, b);  // now and then, one the check may refuse
    try {
      deps.Add(ws, a, b, "blocks", actor);
    } catch (const pm::UserError&) {
      ++refused;
    }
  }));

  // The same through tools/call, in-process (validation, JSON, text rendering).
  pm::tools::ToolEnv env{*db, "/", {"bench", ""}};
  pm::mcp::ToolRegistry registry(pm::catalog::Catalog::Embedded());
  pm::tools::BindAllTools(registry, env);
  pm::mcp::CallContext context;
  std::vector<std::string> codes;
  std::vector<int64_t> code_ws;
  rows.push_back(Measure("get_next_task, claim (tools/call)", n, [&](int) {
    const int64_t ws = random_ws();
    json r = registry.Call("get_next_task", {{"workspace", ws}, {"agent", "bench"}}, context);
    if (r["structuredContent"]["task"].is_object()) {
      codes.push_back(r["structuredContent"]["task"]["code"]);
      code_ws.push_back(ws);
    }
  }));
  rows.push_back(
      Measure("update_task_status (tools/call)", static_cast<int>(codes.size()), [&](int i) {
        registry.Call("update_task_status",
                      {{"workspace", code_ws[static_cast<size_t>(i)]},
                       {"task", codes[static_cast<size_t>(i)]},
                       {"status", "completed"},
                       {"agent", "bench"}},
                      context);
      }));
  rows.push_back(Measure("memory_plan ready (tools/call)", n, [&](int) {
    registry.Call("memory_plan", {{"action", "ready"}, {"workspace", random_ws()}}, context);
  }));
  rows.push_back(Measure("plan get (tools/call)", n, [&](int) {
    registry.Call("memory_plan",
                  {{"action", "get"},
                   {"workspace", random_ws()},
                   {"plan", "P" + std::to_string(1 + rnd() % kPlans)}},
                  context);
  }));
  // Full-text search over the workspace's 1,000 steps: two words, and a
  // prefix that every step matches (ranked, the best 10 returned).
  rows.push_back(Measure("search, two words (tools/call)", n, [&](int) {
    registry.Call("memory_context",
                  {{"action", "search"},
                   {"workspace", random_ws()},
                   {"query", "step " + std::to_string(1 + rnd() % 999)}},
                  context);
  }));
  rows.push_back(Measure("search, a prefix (tools/call)", n, [&](int) {
    registry.Call("memory_context",
                  {{"action", "search"},
                   {"workspace", random_ws()},
                   {"query", "ste*"}},  // every step matches
                  context);
  }));

  // Through the stdio protocol: a real server process, one request at a time.
  if (!o.server.empty()) {
    StdioServer server(o.server, file);
    std::vector<std::pair<int64_t, std::string>> taken;
    const int m = std::min(n, 500);
    rows.push_back(Measure("get_next_task, read (stdio)", m, [&](int) {
      server.Call("get_next_task", {{"workspace", random_ws()}, {"claim", false}});
    }));
    rows.push_back(Measure("get_next_task, claim (stdio)", m, [&](int) {
      const int64_t ws = random_ws();
      json r = server.Call("get_next_task", {{"workspace", ws}, {"agent", "stdio"}});
      if (r["task"].is_object()) taken.emplace_back(ws, r["task"]["code"]);
    }));
    rows.push_back(
        Measure("update_task_status (stdio)", static_cast<int>(taken.size()), [&](int i) {
          const auto& [ws, code] = taken[static_cast<size_t>(i)];
          server.Call(
              "update_task_status",
              {{"workspace", ws}, {"task", code}, {"status", "completed"}, {"agent", "stdio"}});
        }));
  }
  Print(rows);
  std::printf("  (dependency adds refused as cycles: %d of %d)\n", refused, n);
  db.reset();
  Figures figures{store.backend, std::move(rows), {}};
  for (int processes : {1, 2, 8, 16}) {
    const double rate = ClaimsPerSecond(file, workspaces, processes, o.process_seconds);
    std::printf("  claims/second, %d processes (each claim then completed): %.0f\n", processes,
                rate);
    figures.claims.emplace_back(processes, rate);
  }
  if (!o.keep) store.remove();
  return figures;
}

// The figures of several stores in one table, a p50/p99 pair per store.
void PrintSideBySide(const std::vector<Figures>& all) {
  std::printf("\nside by side (p50 / p99 ms; claims: pairs per second)\n  %-44s", "operation");
  for (const auto& f : all) std::printf(" %21s", f.backend.c_str());
  std::printf("\n");
  for (size_t i = 0; i < all.front().rows.size(); ++i) {
    std::printf("  %-44s", all.front().rows[i].name.c_str());
    for (const auto& f : all) {
      if (i >= f.rows.size()) continue;
      std::printf("      %7.3f / %7.3f", Percentile(f.rows[i].ms, 0.5),
                  Percentile(f.rows[i].ms, 0.99));
    }
    std::printf("\n");
  }
  for (size_t i = 0; i < all.front().claims.size(); ++i) {
    std::printf(
        "  %-44s",
        ("claims/second, " + std::to_string(all.front().claims[i].first) + " processes").c_str());
    for (const auto& f : all) std::printf(" %21.0f", f.claims[i].second);
    std::printf("\n");
  }
}

}  // namespace

int main(int argc, char** argv) {
  Options o;
  const fs::path self = fs::absolute(argv[0]);
  if (fs::exists(self.parent_path() / "project-memory"))
    o.server = (self.parent_path() / "project-memory").string();
  for (int i = 1; i < argc; ++i) {
    const std::string arg = argv[i];
    auto value = [&]() -> std::string {
      if (i + 1 >= argc) throw std::runtime_error(arg + " needs a value");
      return argv[++i];
    };
    if (arg == "--dir")
      o.dir = value();
    else if (arg == "--server")
      o.server = value();
    else if (arg == "--samples")
      o.samples = std::stoi(value());
    else if (arg == "--seconds")
      o.process_seconds = std::stod(value());
    else if (arg == "--small-only")
      o.large = false;
    else if (arg == "--keep")
      o.keep = true;
    else if (arg == "--pg")
      o.pg_url = value();
    else {
      std::printf(
          "Usage: scheduler_bench [--dir DIR] [--server BIN] [--samples N] [--seconds S] "
          "[--small-only] [--keep] [--pg URL]\n"
          "Builds a 50,000-step and a 1,000,000-step database under DIR and prints p50/p99 of\n"
          "the scheduling hot paths and claims/second with 8 and 16 processes. With --pg the\n"
          "50,000-step load also runs on a database made (and dropped) on that PostgreSQL\n"
          "server, e.g. --pg postgresql://user:password@localhost:5432/postgres.\n");
      return arg == "-h" || arg == "--help" ? 0 : 2;
    }
  }
  spdlog::set_level(spdlog::level::warn);
  std::printf("scheduler_bench: %s build, %u hardware threads, samples %d\n",
#ifdef NDEBUG
              "release",
#else
              "debug",
#endif
              std::thread::hardware_concurrency(), o.samples);
  fs::create_directories(o.dir);
  auto file = [&](int workspaces) {
    return o.dir / ("bench-" + std::to_string(workspaces * kStepsPerWorkspace) + ".db");
  };
  try {
    std::vector<Figures> small;
    small.push_back(Run(o, SqliteStore(file(50)), 50, "seed 004 load"));
    if (!o.pg_url.empty()) {
      small.push_back(Run(o, PostgresStore(o.pg_url, "pm_scheduler_bench"), 50, "seed 004 load"));
      PrintSideBySide(small);
    }
    if (o.large) Run(o, SqliteStore(file(1000)), 1000, "large");
  } catch (const std::exception& e) {
    std::fprintf(stderr, "scheduler_bench: %s\n", e.what());
    return 1;
  }
  return 0;
}
