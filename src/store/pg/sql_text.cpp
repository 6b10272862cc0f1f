#include "store/pg/sql_text.h"

#include <cctype>
#include <functional>
#include <string>
#include <vector>

namespace pm::store::pg {

namespace {

bool IsIdentifierChar(char c) {
  return std::isalnum(static_cast<unsigned char>(c)) || c == '_' || c == '$' ||
         static_cast<unsigned char>(c) >= 0x80;
}

// The end of the literal or comment that starts at `i`, or `i` when none starts
// there. An unterminated one runs to the end of the text (the server reports it).
size_t SkipQuoted(std::string_view sql, size_t i) {
  const size_t n = sql.size();
  const char c = sql[i];
  if (c == '\'' || c == '"') {
    // E'...' strings take backslash escapes; everything else doubles the quote.
    const bool escapes = c == '\'' && i > 0 && (sql[i - 1] == 'E' || sql[i - 1] == 'e') &&
                         (i < 2 || !IsIdentifierChar(sql[i - 2]));
    for (size_t j = i + 1; j < n; ++j) {
      if (escapes && sql[j] == '\\') {
        ++j;
      } else if (sql[j] == c) {
        if (j + 1 < n && sql[j + 1] == c) {
          ++j;
        } else {
          return j + 1;
        }
      }
    }
    return n;
  }
  if (c == '-' && i + 1 < n && sql[i + 1] == '-') {
    size_t end = sql.find('\n', i);
    return end == std::string_view::npos ? n : end + 1;
  }
  if (c == '/' && i + 1 < n && sql[i + 1] == '*') {
    int depth = 0;
    for (size_t j = i; j + 1 < n; ++j) {
      if (sql[j] == '/' && sql[j + 1] == '*') {
        ++depth;
        ++j;
      } else if (sql[j] == '*' && sql[j + 1] == '/') {
        ++j;
        if (--depth == 0) return j + 1;
      }
    }
    return n;
  }
  if (c == '$' && (i == 0 || !IsIdentifierChar(sql[i - 1]))) {
    // $tag$ ... $tag$ (tag empty or an identifier); $1 is a parameter, not a quote.
    size_t j = i + 1;
    if (j < n && std::isdigit(static_cast<unsigned char>(sql[j]))) return i;
    while (j < n && sql[j] != '$' && IsIdentifierChar(sql[j])) ++j;
    if (j >= n || sql[j] != '$') return i;
    const std::string_view tag = sql.substr(i, j - i + 1);
    size_t close = sql.find(tag, j + 1);
    return close == std::string_view::npos ? n : close + tag.size();
  }
  return i;
}

// Calls `code` with each stretch of `sql` outside literals and comments, and
// `other` with each literal or comment, in order.
void Scan(std::string_view sql, const std::function<void(std::string_view)>& code,
          const std::function<void(std::string_view)>& other) {
  size_t start = 0;
  for (size_t i = 0; i < sql.size();) {
    const size_t end = SkipQuoted(sql, i);
    if (end == i) {
      ++i;
      continue;
    }
    if (i > start) code(sql.substr(start, i - start));
    other(sql.substr(i, end - i));
    start = i = end;
  }
  if (start < sql.size()) code(sql.substr(start));
}

std::vector<std::string> SqlWords(std::string_view sql) {
  std::vector<std::string> words;
  Scan(
      sql,
      [&](std::string_view code) {
        std::string word;
        for (char c : code) {
          if (IsIdentifierChar(c)) {
            word += static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
          } else if (!word.empty()) {
            words.push_back(std::move(word));
            word.clear();
          }
        }
        if (!word.empty()) words.push_back(std::move(word));
      },
      [&](std::string_view other) {
        // A literal or quoted identifier is a word that is never a keyword; a
        // comment is nothing.
        if (other.rfind("--", 0) == 0 || other.rfind("/*", 0) == 0) return;
        words.emplace_back(other.substr(0, 1));
      });
  return words;
}

}  // namespace

PlaceholderSql RewritePlaceholders(std::string_view sql) {
  PlaceholderSql out;
  out.sql.reserve(sql.size() + 16);
  Scan(
      sql,
      [&](std::string_view code) {
        for (size_t i = 0; i < code.size(); ++i) {
          if (code[i] != '?') {
            out.sql += code[i];
            continue;
          }
          size_t j = i + 1;
          int number = 0;
          while (j < code.size() && std::isdigit(static_cast<unsigned char>(code[j])) &&
                 number < 100000) {
            number = number * 10 + (code[j] - '0');
            ++j;
          }
          if (j == i + 1) number = out.parameter_count + 1;
          if (number > out.parameter_count) out.parameter_count = number;
          if (number > 0) {
            if (out.used.size() < static_cast<size_t>(number))
              out.used.resize(static_cast<size_t>(number), false);
            out.used[static_cast<size_t>(number - 1)] = true;
          }
          out.sql += '$';
          out.sql += std::to_string(number);
          i = j - 1;
        }
      },
      [&](std::string_view literal) { out.sql += literal; });
  return out;
}

bool IsReadOnlyStatement(std::string_view sql) {
  const std::vector<std::string> words = SqlWords(sql);
  if (words.empty()) return false;
  const std::string& first = words.front();
  if (first != "SELECT" && first != "VALUES" && first != "SHOW" && first != "TABLE" &&
      first != "WITH" && first != "EXPLAIN") {
    return false;
  }
  for (size_t i = 0; i < words.size(); ++i) {
    const std::string& w = words[i];
    if (w == "INSERT" || w == "UPDATE" || w == "DELETE" || w == "MERGE" || w == "INTO") {
      // SELECT ... FOR UPDATE only locks rows: running it again is harmless.
      if (w == "UPDATE" && i > 0 && words[i - 1] == "FOR") continue;
      return false;
    }
    if (first == "EXPLAIN" && w == "ANALYZE") return false;
  }
  return true;
}

}  // namespace pm::store::pg
