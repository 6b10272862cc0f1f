// Files on the server's disk: where memory_workspace export/import and
// memory_agent import may read and write, over stdio's rule and HTTP's. Every
// refusal leaves the file it was pointed at as it was.
#include <doctest/doctest.h>

#include <filesystem>
#include <fstream>

#include "common/file_read.h"
#include "test_support.h"
#include "tools/tool_call.h"

namespace pm::tools {

using nlohmann::json;
using testing::Has;
using testing::McpHarness;
using testing::ToolCaller;
namespace fs = std::filesystem;

namespace {

std::string Slurp(const fs::path& path) { return ReadWholeFile(path.string()); }

void Put(const fs::path& path, const std::string& text) {
  fs::create_directories(path.parent_path());
  std::ofstream(path, std::ios::binary) << text;
}

// A workspace "shop" at project/ (the server's directory) and, beside it, an
// unrelated directory holding a file someone cares about.
struct Disk {
  testing::TempDir dir;
  fs::path project = dir.path() / "project";
  fs::path elsewhere = dir.path() / "elsewhere";
  fs::path precious = elsewhere / "precious.txt";
  std::unique_ptr<McpHarness> h;
  std::unique_ptr<ToolCaller> ws;

  Disk() {
    fs::create_directories(project);
    Put(precious, "do not touch\n");
    h = std::make_unique<McpHarness>(project.string());
    ws = std::make_unique<ToolCaller>(*h, "memory_workspace");
    ws->Ok({{"action", "register"}, {"path", project.string()}, {"name", "shop"}});
  }
  bool PreciousIntact() const { return Slurp(precious) == "do not touch\n"; }
};

}  // namespace

TEST_CASE("stdio: export writes inside the workspace, nowhere else, and never over a stranger") {
  Disk d;
  CHECK(d.ws->Ok({{"action", "export"}, {"path", "backup.jsonl"}})["path"] ==
        (d.project / "backup.jsonl").string());
  // Again over its own export: fine.
  CHECK(d.ws->Ok({{"action", "export"}, {"path", "backup.jsonl"}})["bytes"] > 0);

  std::string outside = d.ws->Err({{"action", "export"}, {"path", d.precious.string()}});
  CHECK(Has(outside, "is outside the directories this server may use"));
  CHECK(Has(outside, "serve --allow-path DIR"));
  CHECK(d.PreciousIntact());
  // The workspace's directory is also the server's: listed once.
  const std::string project = fs::canonical(d.project).string();
  CHECK(Has(outside, project));
  CHECK(outside.find(project) == outside.rfind(project));
  CHECK(Has(d.ws->Err({{"action", "export"}, {"path", "../elsewhere/precious.txt"}}), "outside"));
  CHECK(d.PreciousIntact());

  // A link in the workspace that leads out is refused like its target.
  fs::create_symlink(d.precious, d.project / "link.jsonl");
  CHECK(Has(d.ws->Err({{"action", "export"}, {"path", "link.jsonl"}}), "outside"));
  CHECK(d.PreciousIntact());

  // A file in the workspace that is not an export is kept unless overwrite.
  Put(d.project / "notes.txt", "my notes\n");
  CHECK(Has(d.ws->Err({{"action", "export"}, {"path", "notes.txt"}}),
            "is not a project-memory export; nothing was written"));
  CHECK(Slurp(d.project / "notes.txt") == "my notes\n");
  d.ws->Ok({{"action", "export"}, {"path", "notes.txt"}, {"overwrite", true}});
  CHECK(Slurp(d.project / "notes.txt").rfind("{\"format\":\"project-memory-export\"", 0) == 0);
  fs::create_directories(d.project / "adir");
  CHECK(Has(d.ws->Err({{"action", "export"}, {"path", "adir"}, {"overwrite", true}}),
            "not a regular file"));

  // --allow-path widens the rule.
  d.h->env().files.roots.push_back(d.elsewhere.string());
  d.ws->Ok({{"action", "export"}, {"path", (d.elsewhere / "new.jsonl").string()}});
  CHECK(Has(d.ws->Err({{"action", "export"}, {"path", d.precious.string()}}), "not a project"));
  CHECK(d.PreciousIntact());
}

TEST_CASE("stdio: import reads inside the allowed directories, or takes the export as content") {
  Disk d;
  ToolCaller(*d.h, "memory_plan").Ok({{"action", "create"}, {"title", "Checkout"}});
  const std::string text = d.ws->Ok({{"action", "export"}})["content"];
  Put(d.elsewhere / "shop.jsonl", text);
  CHECK(Has(d.ws->Err({{"action", "import"}, {"path", (d.elsewhere / "shop.jsonl").string()}}),
            "outside"));
  CHECK(Has(d.ws->Err({{"action", "import"}, {"path", "/etc/passwd"}}), "outside"));
  CHECK(Has(d.ws->Err({{"action", "import"}}), "path (a file written by export) or content"));
  CHECK(Has(d.ws->Err({{"action", "import"}, {"path", "x"}, {"content", text}}), "one of them"));

  McpHarness other(d.project.string());
  json imported =
      ToolCaller(other, "memory_workspace").Ok({{"action", "import"}, {"content", text}});
  CHECK(imported["tables"]["plans"]["inserted"] == 1);
  CHECK_FALSE(imported.contains("path"));
}

TEST_CASE("stdio: the library import reads the workspace only, and no link out of it") {
  Disk d;
  ToolCaller agent(*d.h, "memory_agent");
  Put(d.project / "agents" / "coder.md", "# Coder\n");
  fs::create_directories(d.project / "agents");
  fs::create_symlink(d.precious, d.project / "agents" / "leak.md");
  json report = agent.Ok({{"action", "import"}});
  CHECK(report["added"] == json{"agent:coder"});
  CHECK(report["refused"] == json{"agents/leak.md"});
  CHECK(Has(agent.Err({{"action", "import"}, {"path", d.elsewhere.string()}}), "outside"));
}

TEST_CASE("HTTP without --files-root: no server-side path at all; with it, only inside") {
  Disk d;
  app::FilePolicy http;
  http.paths_allowed = false;
  http.workspace_roots = false;
  http.widen_hint = "serve --http ... --files-root DIR";
  d.h->env().files = http;
  ToolCaller agent(*d.h, "memory_agent");
  std::string export_refused = d.ws->Err({{"action", "export"}, {"path", "backup.jsonl"}});
  CHECK(Has(export_refused, "reads and writes no files on its disk"));
  CHECK(Has(export_refused, "GET /api/export"));
  CHECK_FALSE(fs::exists(d.project / "backup.jsonl"));
  CHECK(Has(d.ws->Err({{"action", "import"}, {"path", d.precious.string()}}), "/api/import"));
  CHECK(Has(agent.Err({{"action", "import"}}), "no files on its disk"));
  // What travels in the body still works.
  const std::string text = d.ws->Ok({{"action", "export"}})["content"];
  d.ws->Ok({{"action", "import"}, {"content", text}});

  http.paths_allowed = true;
  http.roots = {d.elsewhere.string()};
  d.h->env().files = http;
  d.ws->Ok({{"action", "export"}, {"path", (d.elsewhere / "ok.jsonl").string()}});
  CHECK(Has(d.ws->Err({{"action", "export"}, {"path", (d.project / "x.jsonl").string()}}),
            "--files-root DIR adds one"));
  CHECK_FALSE(fs::exists(d.project / "x.jsonl"));
  CHECK(Has(d.ws->Err({{"action", "export"}, {"path", d.precious.string()}}), "not a project"));
  CHECK(d.PreciousIntact());
}

}  // namespace pm::tools
