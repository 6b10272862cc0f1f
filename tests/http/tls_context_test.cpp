#include "http/tls_context.h"

#include <doctest/doctest.h>
#include <openssl/evp.h>
#include <openssl/pem.h>
#include <openssl/x509.h>

#include <cstdio>
#include <cstring>
#include <fstream>
#include <stdexcept>

#include "test_support.h"

namespace pm::http {

namespace {

// Writes a new P-256 key to `key_file` and, when `cert_file` is not empty, a
// self-signed certificate for it valid for a day.
void WriteKeyAndCertificate(const std::string& key_file, const std::string& cert_file) {
  EVP_PKEY* key = EVP_EC_gen("P-256");
  REQUIRE(key);
  std::FILE* out = std::fopen(key_file.c_str(), "w");
  REQUIRE(out);
  CHECK(PEM_write_PrivateKey(out, key, nullptr, nullptr, 0, nullptr, nullptr) == 1);
  std::fclose(out);
  if (!cert_file.empty()) {
    X509* cert = X509_new();
    X509_set_version(cert, 2);
    ASN1_INTEGER_set(X509_get_serialNumber(cert), 1);
    X509_gmtime_adj(X509_getm_notBefore(cert), 0);
    X509_gmtime_adj(X509_getm_notAfter(cert), 86400);
    X509_set_pubkey(cert, key);
    X509_NAME* name = X509_get_subject_name(cert);
    X509_NAME_add_entry_by_txt(name, "CN", MBSTRING_ASC,
                               reinterpret_cast<const unsigned char*>("localhost"), -1, -1, 0);
    X509_set_issuer_name(cert, name);
    CHECK(X509_sign(cert, key, EVP_sha256()) > 0);
    out = std::fopen(cert_file.c_str(), "w");
    REQUIRE(out);
    CHECK(PEM_write_X509(out, cert) == 1);
    std::fclose(out);
    X509_free(cert);
  }
  EVP_PKEY_free(key);
}

// The message TlsContext throws for these files ("" when it loads them).
std::string LoadError(const std::string& cert_file, const std::string& key_file) {
  try {
    TlsContext context(cert_file, key_file);
    SslPtr session(context.NewSession());
    CHECK(session);
    return "";
  } catch (const std::runtime_error& e) {
    return e.what();
  }
}

}  // namespace

TEST_CASE("a certificate and its key load; each unusable file is named with what is wrong") {
  testing::TempDir dir;
  const std::string cert = dir.File("cert.pem"), key = dir.File("key.pem");
  const std::string other_key = dir.File("other-key.pem"), text = dir.File("notes.txt");
  WriteKeyAndCertificate(key, cert);
  WriteKeyAndCertificate(other_key, "");
  std::ofstream(text) << "not a certificate\n";

  CHECK(LoadError(cert, key).empty());
  CHECK(LoadError(dir.File("missing.pem"), key) ==
        "--tls-cert " + dir.File("missing.pem") + ": cannot read it: No such file or directory");
  CHECK(LoadError(cert, dir.path().string()) ==
        "--tls-key " + dir.path().string() + ": is a directory, not a PEM file");
  CHECK(LoadError(text, key).starts_with("--tls-cert " + text + ": not a PEM certificate"));
  CHECK(LoadError(cert, text).starts_with("--tls-key " + text + ": not a PEM private key"));
  CHECK(LoadError(cert, cert).starts_with("--tls-key " + cert + ": not a PEM private key"));
  CHECK(LoadError(cert, other_key) ==
        "--tls-key " + other_key + " does not match the certificate in " + cert);
  // A key given as the certificate.
  CHECK(LoadError(key, key).starts_with("--tls-cert " + key + ": not a PEM certificate"));
}

}  // namespace pm::http
