#include "app/api_tokens.h"

#include <openssl/crypto.h>
#include <openssl/evp.h>
#include <openssl/rand.h>

#include <cctype>
#include <stdexcept>

#include "common/user_error.h"

namespace pm::app {

namespace {

constexpr size_t kRandomBytes = 32;
constexpr size_t kPrefixChars = 10;  // "pm_" and 7 more

std::string Base64Url(const unsigned char* data, size_t size) {
  static const char kAlphabet[] =
      "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
  std::string out;
  unsigned buffer = 0;
  int bits = 0;
  for (size_t i = 0; i < size; ++i) {
    buffer = (buffer << 8) | data[i];
    bits += 8;
    while (bits >= 6) {
      bits -= 6;
      out += kAlphabet[(buffer >> bits) & 0x3f];
    }
  }
  if (bits > 0) out += kAlphabet[(buffer << (6 - bits)) & 0x3f];
  return out;
}

void CheckName(const std::string& name) {
  bool ok = !name.empty() && name.size() <= 64;
  for (char c : name) {
    ok = ok && (std::isalnum(static_cast<unsigned char>(c)) || c == '.' || c == '_' || c == '-' ||
                c == '@');
  }
  if (!ok) {
    throw UserError("token name \"" + name +
                    "\" must be 1 to 64 letters, digits, '.', '_', '-' or '@' (it names the "
                    "caller in the update log)");
  }
}

}  // namespace

std::string HashApiToken(const std::string& token) {
  unsigned char digest[EVP_MAX_MD_SIZE];
  unsigned int size = 0;
  if (EVP_Digest(token.data(), token.size(), digest, &size, EVP_sha256(), nullptr) != 1) {
    throw std::runtime_error("SHA-256 is not available from OpenSSL");
  }
  static const char kHex[] = "0123456789abcdef";
  std::string hex;
  for (unsigned int i = 0; i < size; ++i) {
    hex += kHex[digest[i] >> 4];
    hex += kHex[digest[i] & 0xf];
  }
  return hex;
}

NewApiToken CreateApiToken(store::TokenRepository& tokens, const std::string& name,
                           bool read_only) {
  CheckName(name);
  unsigned char random[kRandomBytes];
  if (RAND_bytes(random, sizeof random) != 1) {
    throw std::runtime_error("the system's random number generator failed; no token was made");
  }
  NewApiToken made;
  made.token = "pm_" + Base64Url(random, sizeof random);
  OPENSSL_cleanse(random, sizeof random);
  made.row =
      tokens.Create(name, HashApiToken(made.token), made.token.substr(0, kPrefixChars), read_only);
  return made;
}

ApiTokenMatch MatchApiToken(store::TokenRepository& tokens, const std::string& presented) {
  ApiTokenMatch match;
  std::vector<store::TokenRow> rows = tokens.List();
  match.any_defined = !rows.empty();
  if (presented.empty()) return match;
  const std::string hash = HashApiToken(presented);
  for (auto& row : rows) {
    // Every stored hash is compared whole, whatever matched before.
    const bool same = row.token_hash.size() == hash.size() &&
                      CRYPTO_memcmp(row.token_hash.data(), hash.data(), hash.size()) == 0;
    if (same) match.matched = std::move(row);
  }
  return match;
}

}  // namespace pm::app
