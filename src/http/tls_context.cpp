#include "http/tls_context.h"

#include <openssl/err.h>
#include <openssl/pem.h>
#include <openssl/x509.h>
#include <spdlog/spdlog.h>

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <stdexcept>

namespace pm::http {

namespace {

// OpenSSL's reason for the last failure ("no start line"), and clears its
// error queue.
std::string OpenSslReason() {
  std::string reason;
  while (unsigned long e = ERR_get_error()) {
    if (reason.empty()) {
      const char* text = ERR_reason_error_string(e);
      reason = text ? text : "error " + std::to_string(ERR_GET_REASON(e));
    }
  }
  return reason.empty() ? "unknown error" : reason;
}

// Throws unless `file` is a regular file this process can read.
void CheckReadable(const std::string& flag, const std::string& file) {
  std::error_code ec;
  if (std::filesystem::is_directory(file, ec)) {
    throw std::runtime_error(flag + " " + file + ": is a directory, not a PEM file");
  }
  std::FILE* f = std::fopen(file.c_str(), "rb");
  if (!f) throw std::runtime_error(flag + " " + file + ": cannot read it: " + std::strerror(errno));
  std::fclose(f);
}

// A passphrase-protected key is refused instead of prompting on the terminal.
int NoPassphrase(char*, int, int, void*) { return -1; }

// Loads the private key of `key_file` into `ctx` after checking that it is the
// key of the certificate already there.
void UsePrivateKey(SSL_CTX* ctx, const std::string& key_file, const std::string& cert_file) {
  EVP_PKEY* key = nullptr;
  if (BIO* in = BIO_new_file(key_file.c_str(), "r")) {
    key = PEM_read_bio_PrivateKey(in, nullptr, NoPassphrase, nullptr);
    BIO_free(in);
  }
  if (!key) {
    throw std::runtime_error("--tls-key " + key_file +
                             ": not a PEM private key, or one protected by a passphrase "
                             "(not supported) (OpenSSL: " +
                             OpenSslReason() + ")");
  }
  const bool matches = X509_check_private_key(SSL_CTX_get0_certificate(ctx), key) == 1;
  const bool used = matches && SSL_CTX_use_PrivateKey(ctx, key) == 1;
  EVP_PKEY_free(key);
  const std::string reason = OpenSslReason();
  if (!matches) {
    throw std::runtime_error("--tls-key " + key_file + " does not match the certificate in " +
                             cert_file);
  }
  if (!used)
    throw std::runtime_error("--tls-key " + key_file + ": cannot use it (OpenSSL: " + reason + ")");
}

}  // namespace

TlsContext::TlsContext(const std::string& cert_file, const std::string& key_file)
    : ctx_(SSL_CTX_new(TLS_server_method())) {
  if (!ctx_) throw std::runtime_error("TLS: cannot create a context: " + OpenSslReason());
  try {
    CheckReadable("--tls-cert", cert_file);
    CheckReadable("--tls-key", key_file);
    SSL_CTX_set_min_proto_version(ctx_, TLS1_2_VERSION);
    // A peer closing without close_notify is an ordinary end of stream.
    SSL_CTX_set_options(ctx_, SSL_OP_IGNORE_UNEXPECTED_EOF | SSL_OP_NO_RENEGOTIATION);
    SSL_CTX_set_mode(ctx_, SSL_MODE_ENABLE_PARTIAL_WRITE | SSL_MODE_ACCEPT_MOVING_WRITE_BUFFER);
    SSL_CTX_set_default_passwd_cb(ctx_, NoPassphrase);
    ERR_clear_error();
    if (SSL_CTX_use_certificate_chain_file(ctx_, cert_file.c_str()) != 1) {
      throw std::runtime_error("--tls-cert " + cert_file +
                               ": not a PEM certificate (OpenSSL: " + OpenSslReason() + ")");
    }
    UsePrivateKey(ctx_, key_file, cert_file);
  } catch (...) {
    SSL_CTX_free(ctx_);
    throw;
  }
  if (X509* cert = SSL_CTX_get0_certificate(ctx_)) {
    if (X509_cmp_current_time(X509_get0_notAfter(cert)) < 0) {
      spdlog::warn("--tls-cert {}: the certificate has expired; clients will refuse it", cert_file);
    }
  }
}

TlsContext::~TlsContext() { SSL_CTX_free(ctx_); }

SSL* TlsContext::NewSession() const { return SSL_new(ctx_); }

}  // namespace pm::http
