#include "common/glob.h"

#include <algorithm>

namespace pm {

namespace {

// Index of the "}" closing the "{" at `open`, or npos.
size_t ClosingBrace(std::string_view p, size_t open) {
  int depth = 0;
  for (size_t i = open; i < p.size(); ++i) {
    if (p[i] == '{') ++depth;
    if (p[i] == '}' && --depth == 0) return i;
  }
  return std::string_view::npos;
}

// Splits on commas at brace depth 0.
std::vector<std::string_view> TopLevelSplit(std::string_view s) {
  std::vector<std::string_view> parts;
  int depth = 0;
  size_t start = 0;
  for (size_t i = 0; i < s.size(); ++i) {
    if (s[i] == '{') ++depth;
    if (s[i] == '}' && depth > 0) --depth;
    if (s[i] == ',' && depth == 0) {
      parts.push_back(s.substr(start, i - start));
      start = i + 1;
    }
  }
  parts.push_back(s.substr(start));
  return parts;
}

// Every brace-free pattern `p` stands for ("a{b,c}" -> "ab", "ac").
void ExpandBraces(std::string_view p, std::vector<std::string>* out) {
  const size_t open = p.find('{');
  const size_t close = open == std::string_view::npos ? open : ClosingBrace(p, open);
  if (close == std::string_view::npos) {
    out->emplace_back(p);
    return;
  }
  const std::string_view head = p.substr(0, open), tail = p.substr(close + 1);
  for (std::string_view alt : TopLevelSplit(p.substr(open + 1, close - open - 1))) {
    ExpandBraces(std::string(head) + std::string(alt) + std::string(tail), out);
  }
}

// Matches one character against the class starting at p[0] == '['. Sets
// `*length` to the class's length in the pattern; 0 when it is not a class.
bool ClassMatch(std::string_view p, char c, size_t* length) {
  size_t i = 1;
  const bool negate = i < p.size() && (p[i] == '!' || p[i] == '^');
  if (negate) ++i;
  bool hit = false;
  const size_t first = i;
  for (; i < p.size() && (p[i] != ']' || i == first); ++i) {
    if (i + 2 < p.size() && p[i + 1] == '-' && p[i + 2] != ']') {
      hit = hit || (p[i] <= c && c <= p[i + 2]);
      i += 2;
    } else {
      hit = hit || p[i] == c;
    }
  }
  if (i >= p.size()) {
    *length = 0;
    return false;
  }
  *length = i + 1;
  return c != '/' && hit != negate;
}

bool Match(std::string_view p, std::string_view s) {
  while (!p.empty()) {
    if (p.substr(0, 2) == "**") {
      size_t stars = p.find_first_not_of('*');
      std::string_view rest = p.substr(stars == std::string_view::npos ? p.size() : stars);
      if (!rest.empty() && rest[0] == '/') {
        // "**/": zero or more whole directories.
        rest.remove_prefix(1);
        for (size_t i = 0; i <= s.size(); ++i) {
          if ((i == 0 || s[i - 1] == '/') && Match(rest, s.substr(i))) return true;
        }
        return false;
      }
      for (size_t i = 0; i <= s.size(); ++i) {
        if (Match(rest, s.substr(i))) return true;
      }
      return false;
    }
    if (p[0] == '*') {
      std::string_view rest = p.substr(1);
      for (size_t i = 0; i <= s.size(); ++i) {
        if (Match(rest, s.substr(i))) return true;
        if (i < s.size() && s[i] == '/') return false;
      }
      return false;
    }
    if (s.empty()) return false;
    if (p[0] == '?') {
      if (s[0] == '/') return false;
    } else if (p[0] == '[') {
      size_t length = 0;
      bool hit = ClassMatch(p, s[0], &length);
      if (length > 0) {
        if (!hit) return false;
        p.remove_prefix(length);
        s.remove_prefix(1);
        continue;
      }
      if (s[0] != '[') return false;  // an unclosed "[" is a literal
    } else if (p[0] != s[0]) {
      return false;
    }
    p.remove_prefix(1);
    s.remove_prefix(1);
  }
  return s.empty();
}

std::string Normalized(std::string_view path) {
  std::string out(path);
  std::replace(out.begin(), out.end(), '\\', '/');
  while (true) {
    if (out.rfind("./", 0) == 0) {
      out.erase(0, 2);
    } else if (!out.empty() && out[0] == '/') {
      out.erase(0, 1);
    } else {
      break;
    }
  }
  return out;
}

std::string_view Trim(std::string_view s) {
  const size_t b = s.find_first_not_of(" \t\r\n");
  if (b == std::string_view::npos) return {};
  return s.substr(b, s.find_last_not_of(" \t\r\n") - b + 1);
}

}  // namespace

bool GlobMatch(std::string_view pattern, std::string_view path) {
  const std::string p = Normalized(Trim(pattern));
  const std::string s = Normalized(path);
  if (p.empty()) return false;
  std::vector<std::string> alternatives;
  ExpandBraces(p, &alternatives);
  for (const auto& alt : alternatives) {
    std::string_view subject = s;
    if (alt.find('/') == std::string::npos) {
      const size_t slash = s.rfind('/');
      if (slash != std::string::npos && alt.find("**") == std::string::npos) {
        subject = std::string_view(s).substr(slash + 1);
      }
    }
    if (Match(alt, subject)) return true;
  }
  return false;
}

std::vector<std::string> SplitGlobList(std::string_view patterns) {
  std::vector<std::string> out;
  for (std::string_view part : TopLevelSplit(patterns)) {
    part = Trim(part);
    if (!part.empty()) out.emplace_back(part);
  }
  return out;
}

bool GlobListMatch(std::string_view patterns, std::string_view path) {
  for (const auto& p : SplitGlobList(patterns)) {
    if (GlobMatch(p, path)) return true;
  }
  return false;
}

}  // namespace pm
