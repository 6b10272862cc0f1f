#include "store/pg/search_query.h"

#include <nlohmann/json.hpp>

#include <cctype>
#include <memory>
#include <vector>

#include "common/user_error.h"

namespace pm::store::pg {

namespace {

// FTS5 reads a NEAR distance up to any size; each step of it is two
// alternatives here, so it is capped.
constexpr int kMaxNearDistance = 100;

struct Token {
  enum Kind { kWord, kString, kOr, kAnd, kNot, kNear, kOpen, kClose, kComma, kStar, kPlus, kEnd };
  Kind kind;
  std::string text;
};

[[noreturn]] void Refuse(std::string_view query, const std::string& reason) {
  throw UserError("cannot search for " + nlohmann::json(std::string(query)).dump() + ": " + reason +
                  ". " + kSearchSyntaxHint);
}

// FTS5's bareword characters: ASCII letters and digits, '_', 0x1A and all of non-ASCII.
bool IsBareword(char c) {
  const auto u = static_cast<unsigned char>(c);
  return std::isalnum(u) || c == '_' || u == 0x1A || u >= 0x80;
}

std::vector<Token> Tokenize(std::string_view q) {
  std::vector<Token> tokens;
  size_t i = 0;
  while (i < q.size()) {
    const char c = q[i];
    if (std::isspace(static_cast<unsigned char>(c))) {
      ++i;
    } else if (c == '"') {
      std::string text;
      for (++i;; ++i) {
        if (i >= q.size()) Refuse(q, "a quote is not closed");
        if (q[i] == '"') {
          if (i + 1 < q.size() && q[i + 1] == '"') {
            text += '"';
            ++i;
          } else {
            ++i;
            break;
          }
        } else {
          text += q[i];
        }
      }
      tokens.push_back({Token::kString, text});
    } else if (IsBareword(c)) {
      size_t end = i;
      while (end < q.size() && IsBareword(q[end])) ++end;
      std::string word(q.substr(i, end - i));
      Token::Kind kind = Token::kWord;
      if (word == "OR") kind = Token::kOr;
      if (word == "AND") kind = Token::kAnd;
      if (word == "NOT") kind = Token::kNot;
      if (word == "NEAR") {
        size_t next = end;
        while (next < q.size() && std::isspace(static_cast<unsigned char>(q[next]))) ++next;
        if (next < q.size() && q[next] == '(') kind = Token::kNear;
      }
      tokens.push_back({kind, word});
      i = end;
    } else {
      switch (c) {
        case '(':
          tokens.push_back({Token::kOpen, "("});
          break;
        case ')':
          tokens.push_back({Token::kClose, ")"});
          break;
        case ',':
          tokens.push_back({Token::kComma, ","});
          break;
        case '*':
          tokens.push_back({Token::kStar, "*"});
          break;
        case '+':
          tokens.push_back({Token::kPlus, "+"});
          break;
        case ':':
          Refuse(q, "column filters (name:) are not supported");
        case '^':
          Refuse(q, "^ (a word at the start of a column) is not supported");
        default:
          Refuse(q, std::string("syntax error near \"") + c +
                        "\" (words with punctuation go in double quotes)");
      }
      ++i;
    }
  }
  tokens.push_back({Token::kEnd, ""});
  return tokens;
}

// The words of phrase text, split as pm_fts_text splits indexed text.
std::vector<std::string> Words(std::string_view text) {
  std::vector<std::string> words;
  std::string word;
  for (char c : text) {
    const auto u = static_cast<unsigned char>(c);
    if (u >= 0x80 || std::isalnum(u)) {
      word += c;
    } else if (!word.empty()) {
      words.push_back(std::move(word));
      word.clear();
    }
  }
  if (!word.empty()) words.push_back(std::move(word));
  return words;
}

// A tsquery operand: the word quoted, as a prefix when asked.
std::string Lexeme(const std::string& word, bool prefix) {
  std::string out = "'";
  for (char c : word) {
    if (c == '\'' || c == '\\') out += c;
    out += c;
  }
  return out + (prefix ? "':*" : "'");
}

class Parser {
 public:
  Parser(std::string_view query, std::vector<Token> tokens)
      : query_(query), tokens_(std::move(tokens)) {}

  std::string Parse() {
    if (Peek().kind == Token::kEnd) Refuse(query_, "there is nothing to search for");
    std::string out = Or();
    if (Peek().kind == Token::kClose) Refuse(query_, "a parenthesis is closed but was not opened");
    if (Peek().kind != Token::kEnd) Refuse(query_, "syntax error near \"" + Peek().text + "\"");
    return out;
  }

 private:
  const Token& Peek() const { return tokens_[pos_]; }
  const Token& Take() { return tokens_[pos_++]; }

  static bool StartsOperand(Token::Kind k) {
    return k == Token::kWord || k == Token::kString || k == Token::kOpen || k == Token::kNear;
  }

  // Joins parts with `op`, in parentheses when there are several.
  static std::string Join(const std::vector<std::string>& parts, const char* op) {
    if (parts.size() == 1) return parts.front();
    std::string out = "(";
    for (size_t i = 0; i < parts.size(); ++i) out += (i ? op : "") + parts[i];
    return out + ")";
  }

  std::string Or() {
    std::vector<std::string> parts = {And()};
    while (Peek().kind == Token::kOr) {
      Take();
      parts.push_back(And());
    }
    return Join(parts, " | ");
  }

  std::string And() {
    std::vector<std::string> parts = {Not()};
    while (Peek().kind == Token::kAnd) {
      Take();
      parts.push_back(Not());
    }
    return Join(parts, " & ");
  }

  std::string Not() {
    std::string left = Sequence();
    while (Peek().kind == Token::kNot) {
      Take();
      left = "(" + left + " & !" + Sequence() + ")";
    }
    return left;
  }

  // Operands side by side: all must match.
  std::string Sequence() {
    if (!StartsOperand(Peek().kind)) {
      Refuse(query_, Peek().kind == Token::kEnd
                         ? "the query ends where a word was expected"
                         : "\"" + Peek().text + "\" stands where a word was expected");
    }
    std::vector<std::string> parts;
    while (StartsOperand(Peek().kind)) parts.push_back(Primary());
    return Join(parts, " & ");
  }

  std::string Primary() {
    if (Peek().kind == Token::kOpen) {
      Take();
      std::string inner = Or();
      if (Peek().kind != Token::kClose) Refuse(query_, "a parenthesis is not closed");
      Take();
      return inner;
    }
    if (Peek().kind == Token::kNear) return Near();
    return Join(Phrase(), " <-> ");
  }

  // A phrase's lexemes in order: "a b", a + b, with * making the last a prefix.
  std::vector<std::string> Phrase() {
    std::vector<std::string> lexemes;
    for (;;) {
      const Token& t = Take();
      std::vector<std::string> words = Words(t.text);
      bool prefix = false;
      if (Peek().kind == Token::kStar) {
        Take();
        prefix = true;
      }
      if (words.empty()) Refuse(query_, "the phrase \"" + t.text + "\" has no words to search for");
      for (size_t i = 0; i < words.size(); ++i) {
        lexemes.push_back(Lexeme(words[i], prefix && i + 1 == words.size()));
      }
      if (Peek().kind != Token::kPlus) break;
      Take();
      if (Peek().kind != Token::kWord && Peek().kind != Token::kString) {
        Refuse(query_, "+ must join two words");
      }
    }
    return lexemes;
  }

  // NEAR(a b[, N]): a and b with at most N words between them, either order.
  // PostgreSQL's <k> means exactly k positions apart, so it spells out every k.
  std::string Near() {
    Take();  // NEAR
    Take();  // (
    std::vector<std::vector<std::string>> phrases;
    while (Peek().kind == Token::kWord || Peek().kind == Token::kString) {
      phrases.push_back(Phrase());
    }
    int distance = 10;
    if (Peek().kind == Token::kComma) {
      Take();
      const Token& n = Take();
      if (n.kind != Token::kWord || n.text.empty() ||
          n.text.find_first_not_of("0123456789") != std::string::npos || n.text.size() > 6) {
        Refuse(query_, "NEAR's distance must be a number");
      }
      distance = std::stoi(n.text);
    }
    if (Take().kind != Token::kClose) Refuse(query_, "NEAR( is not closed");
    if (phrases.size() != 2 || phrases[0].size() != 1 || phrases[1].size() != 1) {
      Refuse(query_,
             "NEAR takes two single words here (not phrases, not three or more words); use "
             "\"an exact phrase\" or a AND b");
    }
    if (distance > kMaxNearDistance) {
      Refuse(query_, "NEAR's distance may be at most " + std::to_string(kMaxNearDistance));
    }
    std::vector<std::string> options;
    for (int k = 1; k <= distance + 1; ++k) {
      const std::string op = " <" + std::to_string(k) + "> ";
      options.push_back(phrases[0][0] + op + phrases[1][0]);
      options.push_back(phrases[1][0] + op + phrases[0][0]);
    }
    return Join(options, " | ");
  }

  std::string_view query_;
  std::vector<Token> tokens_;
  size_t pos_ = 0;
};

}  // namespace

std::string TranslateSearchQuery(std::string_view query) {
  return Parser(query, Tokenize(query)).Parse();
}

}  // namespace pm::store::pg
