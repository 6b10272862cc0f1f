// ResourceRegistry holds what the MCP resource methods answer: URI templates,
// each with the reader that produces a resource's contents, and one lister of
// the concrete resources that exist now. The MCP layer knows nothing of what
// lies behind a URI; the tools layer registers readers over the store.
//
// Templates are RFC 6570 level 1 ("project-memory://plan/{plan}"): a variable
// matches one non-empty URI segment (no '/'), percent-decoded before the reader
// sees it. Read() tries the templates in the order they were added and answers
// the first match. Not thread-safe; fill it before the server runs.
#pragma once

#include <functional>
#include <map>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <vector>

namespace pm::mcp {

using nlohmann::json;

// MCP's error code for a resources/read of a URI the server does not have.
constexpr int kResourceNotFound = -32002;

// One resources/list entry.
struct Resource {
  std::string uri, name, title, description, mime_type;
};

// One resources/templates/list entry.
struct ResourceTemplate {
  std::string uri_template, name, title, description, mime_type;
};

// What a reader returns: the text of the resource and its MIME type.
struct ResourceContents {
  std::string mime_type;
  std::string text;
};

// Template variable -> its decoded value.
using UriVariables = std::map<std::string, std::string>;
// nullopt (or a pm::UserError saying why) when nothing exists at the URI.
using ResourceReader = std::function<std::optional<ResourceContents>(const UriVariables& vars)>;
// Up to `limit` resources from position `offset` of a stable order.
using ResourceLister = std::function<std::vector<Resource>(size_t offset, size_t limit)>;

struct ResourcePage {
  std::vector<Resource> resources;
  std::optional<size_t> next_offset;  // set when more follow
};

class ResourceRegistry {
 public:
  // Throws std::logic_error for a malformed template (an unclosed brace, an
  // empty variable name, a variable not followed by '/' or the end).
  void AddTemplate(ResourceTemplate resource_template, ResourceReader reader);
  void SetLister(ResourceLister lister) { lister_ = std::move(lister); }

  ResourcePage List(size_t offset, size_t limit) const;
  std::vector<ResourceTemplate> Templates() const;

  // The ReadResourceResult for `uri`: {"contents": [{uri, mimeType, text}]}.
  // Throws rpc::Error kResourceNotFound (data: {"uri"}) when no template
  // matches, the reader finds nothing or throws UserError.
  json Read(const std::string& uri) const;

  // The list entries as JSON; `title` only when the protocol version has it.
  static json ToJson(const Resource& resource, bool with_title);
  static json ToJson(const ResourceTemplate& resource_template, bool with_title);

 private:
  struct Part {
    std::string literal;   // text to match, when `variable` is empty
    std::string variable;  // a variable's name
  };
  struct Entry {
    ResourceTemplate declared;
    std::vector<Part> parts;
    ResourceReader reader;
  };

  static std::optional<UriVariables> Match(const std::vector<Part>& parts, const std::string& uri);

  std::vector<Entry> entries_;
  ResourceLister lister_;
};

// "%2F" -> "/", nullopt for a malformed escape.
std::optional<std::string> PercentDecode(const std::string& text);

}  // namespace pm::mcp
