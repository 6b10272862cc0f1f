#include "app/library_import.h"

#include <algorithm>
#include <fstream>
#include <sstream>

#include "common/file_read.h"
#include "common/user_error.h"

namespace pm::app {

namespace fs = std::filesystem;
using nlohmann::json;

namespace {

std::string Trim(const std::string& s) {
  const size_t b = s.find_first_not_of(" \t\r");
  if (b == std::string::npos) return "";
  return s.substr(b, s.find_last_not_of(" \t\r") - b + 1);
}

std::string Unquote(std::string s) {
  s = Trim(s);
  if (s.size() >= 2 && (s.front() == '"' || s.front() == '\'') && s.back() == s.front()) {
    return s.substr(1, s.size() - 2);
  }
  return s;
}

// "[a, 'b']" -> ["a", "b"]; anything else -> the unquoted string.
json ScalarOrList(const std::string& raw) {
  std::string value = Trim(raw);
  if (value.size() >= 2 && value.front() == '[' && value.back() == ']') {
    json items = json::array();
    std::stringstream parts(value.substr(1, value.size() - 2));
    for (std::string part; std::getline(parts, part, ',');) {
      if (!Trim(part).empty()) items.push_back(Unquote(part));
    }
    return items;
  }
  return Unquote(value);
}

// A field as a list: arrays stay, "a, b" strings split on commas.
json ListOf(const json& fields, std::initializer_list<const char*> keys) {
  for (const char* key : keys) {
    if (!fields.contains(key)) continue;
    const json& v = fields[key];
    if (v.is_array()) return v;
    json items = json::array();
    std::stringstream parts(v.get<std::string>());
    for (std::string part; std::getline(parts, part, ',');) {
      if (!Trim(part).empty()) items.push_back(Trim(part));
    }
    return items;
  }
  return json::array();
}

std::string TextOf(const json& fields, const char* key) {
  if (!fields.contains(key)) return "";
  const json& v = fields[key];
  if (v.is_string()) return v.get<std::string>();
  std::string joined;
  for (const auto& item : v) joined += (joined.empty() ? "" : ",") + item.get<std::string>();
  return joined;
}

// Files in `dir` whose names end with `suffix`, sorted; none when `dir` is missing.
std::vector<fs::path> FilesEndingWith(const fs::path& dir, const std::string& suffix) {
  std::vector<fs::path> files;
  std::error_code ec;
  if (!fs::is_directory(dir, ec)) return files;
  for (const auto& entry : fs::directory_iterator(dir, ec)) {
    const std::string name = entry.path().filename().string();
    if (entry.is_regular_file(ec) && name.size() > suffix.size() &&
        name.compare(name.size() - suffix.size(), suffix.size(), suffix) == 0) {
      files.push_back(entry.path());
    }
  }
  std::sort(files.begin(), files.end());
  return files;
}

std::string Stem(const fs::path& file, const std::string& suffix) {
  const std::string name = file.filename().string();
  return name.substr(0, name.size() - suffix.size());
}

}  // namespace

FrontMatter ParseFrontMatter(const std::string& text) {
  FrontMatter fm;
  std::istringstream in(text);
  std::string line;
  if (!std::getline(in, line) || Trim(line) != "---") {
    fm.body = text;
    return fm;
  }
  std::string key;
  std::streampos body_start = 0;
  bool closed = false;
  while (std::getline(in, line)) {
    const std::string trimmed = Trim(line);
    if (trimmed == "---") {
      closed = true;
      body_start = in.tellg();
      break;
    }
    if (trimmed.empty() || trimmed[0] == '#') continue;
    if (trimmed[0] == '-' && !key.empty()) {  // "- item" under "key:"
      if (!fm.fields[key].is_array()) fm.fields[key] = json::array();
      fm.fields[key].push_back(Unquote(trimmed.substr(1)));
      continue;
    }
    const size_t colon = trimmed.find(':');
    if (colon == std::string::npos) continue;
    key = Trim(trimmed.substr(0, colon));
    const std::string value = trimmed.substr(colon + 1);
    fm.fields[key] = Trim(value).empty() ? json::array() : ScalarOrList(value);
  }
  if (!closed) {  // no closing line: it was not front matter
    fm.fields = json::object();
    fm.body = text;
    return fm;
  }
  fm.body = body_start == std::streampos(-1) ? "" : text.substr(static_cast<size_t>(body_start));
  // Keys written "key:" with no list items under them are empty, not lists.
  for (auto it = fm.fields.begin(); it != fm.fields.end();) {
    if (it->is_array() && it->empty()) {
      it = fm.fields.erase(it);
    } else {
      ++it;
    }
  }
  return fm;
}

json ImportLibrary(store::LibraryRepository& library, int64_t workspace_id, const fs::path& root,
                   const store::Actor& actor) {
  std::error_code ec;
  if (!fs::is_directory(root, ec)) {
    throw UserError(root.string() +
                    " is not a directory to import agents, instructions and "
                    "skills from");
  }
  json report = {{"added", json::array()},
                 {"updated", json::array()},
                 {"unchanged", json::array()},
                 {"refused", json::array()}};
  // A file whose real path (links followed) leaves the directory is not read.
  const fs::path real_root = fs::canonical(root, ec);
  auto refused = [&](const fs::path& file) {
    std::error_code file_ec;
    const fs::path real = fs::canonical(file, file_ec);
    const auto [root_end, real_it] =
        std::mismatch(real_root.begin(), real_root.end(), real.begin(), real.end());
    if (!file_ec && root_end == real_root.end()) return false;
    report["refused"].push_back(file.lexically_relative(root).generic_string());
    return true;
  };
  auto store = [&](store::LibraryKind kind, const std::string& name, json values) {
    json stored = library.Store(workspace_id, kind, name, values, actor);
    report[stored["outcome"].get<std::string>()].push_back(
        std::string(store::LibraryKindName(kind)) + ":" + name);
  };
  auto common = [&](const FrontMatter& fm, const fs::path& file) {
    json values = {{"content", fm.body},
                   {"metadata", fm.fields},
                   {"source_path", fs::relative(file, root, ec).generic_string()}};
    values["description"] =
        fm.fields.contains("description") ? json(TextOf(fm.fields, "description")) : json(nullptr);
    return values;
  };

  for (const auto& file : FilesEndingWith(root / "agents", ".md")) {
    if (refused(file)) continue;
    FrontMatter fm = ParseFrontMatter(ReadWholeFile(file.string()));
    std::string stem = Stem(file, ".md");
    if (stem.size() > 6 && stem.compare(stem.size() - 6, 6, ".agent") == 0)
      stem.resize(stem.size() - 6);
    std::string name = fm.fields.contains("name") ? TextOf(fm.fields, "name") : stem;
    store(store::LibraryKind::kAgent, name, common(fm, file));
  }
  const std::string instruction_suffix = ".instructions.md";
  for (const auto& file : FilesEndingWith(root / ".github" / "instructions", instruction_suffix)) {
    if (refused(file)) continue;
    FrontMatter fm = ParseFrontMatter(ReadWholeFile(file.string()));
    json values = common(fm, file);
    std::string applies_to = TextOf(fm.fields, "applyTo");
    values["applies_to"] = applies_to.empty() ? "**" : applies_to;
    store(store::LibraryKind::kInstruction, Stem(file, instruction_suffix), values);
  }
  const fs::path skills = root / ".github" / "skills";
  std::vector<fs::path> skill_files;
  if (fs::is_directory(skills, ec)) {
    for (const auto& dir : fs::directory_iterator(skills, ec)) {
      if (fs::is_regular_file(dir.path() / "SKILL.md", ec))
        skill_files.push_back(dir.path() / "SKILL.md");
    }
  }
  std::sort(skill_files.begin(), skill_files.end());
  for (const auto& file : skill_files) {
    if (refused(file)) continue;
    FrontMatter fm = ParseFrontMatter(ReadWholeFile(file.string()));
    json values = common(fm, file);
    values["category"] =
        fm.fields.contains("category") ? json(TextOf(fm.fields, "category")) : json(nullptr);
    values["tags"] = ListOf(fm.fields, {"tags"});
    values["language_targets"] = ListOf(fm.fields, {"languages", "language_targets"});
    values["framework_targets"] = ListOf(fm.fields, {"frameworks", "framework_targets"});
    std::string name = fm.fields.contains("name") ? TextOf(fm.fields, "name")
                                                  : file.parent_path().filename().string();
    store(store::LibraryKind::kSkill, name, values);
  }
  return report;
}

}  // namespace pm::app
