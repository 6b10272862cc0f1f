#include "mcp/resource_registry.h"

#include <stdexcept>

#include "common/user_error.h"
#include "rpc/error.h"

namespace pm::mcp {

namespace {

int HexValue(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

[[noreturn]] void NotFound(const std::string& uri, const std::string& why) {
  throw rpc::Error(kResourceNotFound, "Resource not found: " + why, {{"uri", uri}});
}

// The optional fields both list entries share.
template <typename Declared>
json Described(json entry, const Declared& declared, bool with_title) {
  if (with_title && !declared.title.empty()) entry["title"] = declared.title;
  if (!declared.description.empty()) entry["description"] = declared.description;
  if (!declared.mime_type.empty()) entry["mimeType"] = declared.mime_type;
  return entry;
}

}  // namespace

std::optional<std::string> PercentDecode(const std::string& text) {
  std::string out;
  out.reserve(text.size());
  for (size_t i = 0; i < text.size(); ++i) {
    if (text[i] != '%') {
      out += text[i];
      continue;
    }
    if (i + 2 >= text.size()) return std::nullopt;
    const int high = HexValue(text[i + 1]), low = HexValue(text[i + 2]);
    if (high < 0 || low < 0) return std::nullopt;
    out += static_cast<char>(high * 16 + low);
    i += 2;
  }
  return out;
}

void ResourceRegistry::AddTemplate(ResourceTemplate resource_template, ResourceReader reader) {
  const std::string& text = resource_template.uri_template;
  std::vector<Part> parts;
  size_t pos = 0;
  while (pos < text.size()) {
    const size_t open = text.find('{', pos);
    if (open == std::string::npos) {
      parts.push_back({text.substr(pos), ""});
      break;
    }
    if (open > pos) parts.push_back({text.substr(pos, open - pos), ""});
    const size_t close = text.find('}', open);
    if (close == std::string::npos || close == open + 1) {
      throw std::logic_error("malformed URI template " + text);
    }
    // A variable ends at the next '/', so what follows it must start with one.
    if (close + 1 < text.size() && text[close + 1] != '/') {
      throw std::logic_error("URI template " + text + ": a variable must end a segment");
    }
    parts.push_back({"", text.substr(open + 1, close - open - 1)});
    pos = close + 1;
  }
  entries_.push_back({std::move(resource_template), std::move(parts), std::move(reader)});
}

std::optional<UriVariables> ResourceRegistry::Match(const std::vector<Part>& parts,
                                                    const std::string& uri) {
  UriVariables vars;
  size_t pos = 0;
  for (const Part& part : parts) {
    if (part.variable.empty()) {
      if (uri.compare(pos, part.literal.size(), part.literal) != 0) return std::nullopt;
      pos += part.literal.size();
      continue;
    }
    size_t end = uri.find('/', pos);
    if (end == std::string::npos) end = uri.size();
    if (end == pos) return std::nullopt;
    auto value = PercentDecode(uri.substr(pos, end - pos));
    if (!value || value->empty()) return std::nullopt;
    vars[part.variable] = std::move(*value);
    pos = end;
  }
  if (pos != uri.size()) return std::nullopt;
  return vars;
}

ResourcePage ResourceRegistry::List(size_t offset, size_t limit) const {
  ResourcePage page;
  if (!lister_) return page;
  // One more than asked tells whether another page follows.
  page.resources = lister_(offset, limit + 1);
  if (page.resources.size() > limit) {
    page.resources.resize(limit);
    page.next_offset = offset + limit;
  }
  return page;
}

std::vector<ResourceTemplate> ResourceRegistry::Templates() const {
  std::vector<ResourceTemplate> templates;
  for (const auto& entry : entries_) templates.push_back(entry.declared);
  return templates;
}

json ResourceRegistry::Read(const std::string& uri) const {
  for (const auto& entry : entries_) {
    auto vars = Match(entry.parts, uri);
    if (!vars) continue;
    std::optional<ResourceContents> contents;
    try {
      contents = entry.reader(*vars);
    } catch (const UserError& e) {
      NotFound(uri, e.what());
    }
    if (!contents) NotFound(uri, uri);
    json item = {{"uri", uri}, {"mimeType", contents->mime_type}, {"text", contents->text}};
    return {{"contents", json::array({std::move(item)})}};
  }
  NotFound(uri, uri + " matches none of the resource templates (see resources/templates/list)");
}

json ResourceRegistry::ToJson(const Resource& resource, bool with_title) {
  return Described({{"uri", resource.uri}, {"name", resource.name}}, resource, with_title);
}

json ResourceRegistry::ToJson(const ResourceTemplate& resource_template, bool with_title) {
  return Described(
      {{"uriTemplate", resource_template.uri_template}, {"name", resource_template.name}},
      resource_template, with_title);
}

}  // namespace pm::mcp
