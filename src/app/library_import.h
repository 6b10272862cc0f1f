// Imports a workspace's agent, instruction and skill files into its library
// (seed 004, 5.1):
//
//   agents/*.md                                 agent definitions
//   .github/instructions/*.instructions.md      instruction files (front matter applyTo)
//   .github/skills/<name>/SKILL.md              skills (name, description, category,
//                                               tags, languages, frameworks)
//
// Each file's YAML-style front matter (between "---" lines: "key: value",
// "key: [a, b]" or "- item" lists) becomes its metadata; the rest is its
// content. Importing again changes only what changed on disk and reports every
// entry as added, updated or unchanged ("agent:executor"). Used by memory_agent
// action "import" and by `project-memory import-library`.
#pragma once

#include <filesystem>
#include <nlohmann/json.hpp>
#include <string>

#include "store/actor.h"
#include "store/library_repository.h"

namespace pm::app {

struct FrontMatter {
  nlohmann::json fields = nlohmann::json::object();  // strings, or arrays of strings
  std::string body;                                  // the text after the front matter
};

// Splits `text` into front matter and body; no front matter: empty fields.
FrontMatter ParseFrontMatter(const std::string& text);

// Returns {"added": [...], "updated": [...], "unchanged": [...], "refused":
// [...]}; refused lists files (relative paths) not read because their real
// path, symbolic links followed, lies outside `root`. Throws UserError when
// `root` is not a directory.
nlohmann::json ImportLibrary(store::LibraryRepository& library, int64_t workspace_id,
                             const std::filesystem::path& root, const store::Actor& actor);

}  // namespace pm::app
