// TokenRepository owns http_tokens: the bearer tokens of the HTTP server, kept
// as SHA-256 hashes (hex). It stores and finds rows; making tokens, hashing and
// comparing them is app/api_tokens.h's job. Not thread-safe (one Database per
// thread).
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "store/database.h"

namespace pm::store {

struct TokenRow {
  int64_t id = 0;
  std::string name;
  std::string token_hash;  // 64 hex digits
  std::string prefix;      // the token's first characters
  bool read_only = false;
  std::string created_at;
};

class TokenRepository {
 public:
  explicit TokenRepository(Database& db) : db_(db) {}

  // Inserts a token. Throws UserError when `name` is taken.
  TokenRow Create(const std::string& name, const std::string& token_hash, const std::string& prefix,
                  bool read_only);

  // Every token, by name.
  std::vector<TokenRow> List();

  // Deletes the token named `name`; false when there is none.
  bool Revoke(const std::string& name);

 private:
  Database& db_;
};

}  // namespace pm::store
