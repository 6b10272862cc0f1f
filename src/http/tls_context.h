// TlsContext is the HTTPS configuration of the HTTP server: an OpenSSL server
// context holding one certificate (with its chain) and the private key that
// matches it, TLS 1.2 or later. It is loaded once at start-up and then shared,
// read-only, by every connection thread (NewSession is thread-safe). It owns
// its SSL_CTX; each SSL from NewSession belongs to the caller (SSL_free).
//
// Loading throws std::runtime_error naming the file and what is wrong with it
// (missing or unreadable, no PEM certificate or key in it, a key protected by
// a passphrase, a key that does not match the certificate); messages carry
// OpenSSL's reason, never the file's content.
#pragma once

#include <openssl/ssl.h>

#include <memory>
#include <string>

namespace pm::http {

class TlsContext {
 public:
  // Throws std::runtime_error (see above).
  TlsContext(const std::string& cert_file, const std::string& key_file);
  ~TlsContext();
  TlsContext(const TlsContext&) = delete;
  TlsContext& operator=(const TlsContext&) = delete;

  // A server session for one accepted connection, not yet attached to a
  // socket; nullptr when OpenSSL is out of memory.
  SSL* NewSession() const;

 private:
  SSL_CTX* ctx_;
};

// Frees the SSL it holds.
struct SslFree {
  void operator()(SSL* ssl) const { SSL_free(ssl); }
};
using SslPtr = std::unique_ptr<SSL, SslFree>;

}  // namespace pm::http
