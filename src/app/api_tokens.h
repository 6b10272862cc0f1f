// Bearer tokens of the HTTP server, as people make them (`project-memory token
// create|list|revoke`) and as the server checks them.
//
// A token is "pm_" and 43 characters of base64url: 256 random bits from
// OpenSSL's RAND_bytes. It is returned once, by CreateApiToken; the database
// keeps its SHA-256 hash and its first characters (to recognise it in a list).
// MatchApiToken hashes what a request presents and compares it with every
// stored hash in constant time (CRYPTO_memcmp, no early exit), so neither
// timing nor the database reveals a token. Nothing here logs a token.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "store/token_repository.h"

namespace pm::app {

struct NewApiToken {
  store::TokenRow row;
  std::string token;  // the secret: show it once, never store or log it
};

// Makes and stores a token. Throws UserError for a name that is not 1 to 64
// letters, digits, '.', '_', '-' or '@', or that is taken.
NewApiToken CreateApiToken(store::TokenRepository& tokens, const std::string& name, bool read_only);

struct ApiTokenMatch {
  bool any_defined = false;                // the database holds at least one token
  std::optional<store::TokenRow> matched;  // the token `presented` is, if any
};

// Which stored token `presented` is (empty: none presented).
ApiTokenMatch MatchApiToken(store::TokenRepository& tokens, const std::string& presented);

// SHA-256 of `token`, as 64 lowercase hex digits.
std::string HashApiToken(const std::string& token);

}  // namespace pm::app
