#include "http/listen_address.h"

#include <stdexcept>

#include <doctest/doctest.h>

namespace pm::http {

TEST_CASE("--http takes PORT, ADDR:PORT and [IPv6]:PORT") {
  struct Case {
    const char* text;
    const char* host;
    int port;
  };
  for (const Case& c : {Case{"8080", "127.0.0.1", 8080}, Case{"0", "127.0.0.1", 0},
                        Case{"0.0.0.0:9000", "0.0.0.0", 9000}, Case{"[::1]:81", "::1", 81},
                        Case{"localhost:7", "localhost", 7}}) {
    CAPTURE(c.text);
    ListenAddress a = ParseListenAddress(c.text);
    CHECK(a.host == c.host);
    CHECK(a.port == c.port);
  }
  CHECK(ParseListenAddress("[::1]:81").HostPort() == "[::1]:81");
  for (const char* bad :
       {"", "x", "8080x", "70000", ":80", "::1:80", "[::1]", "[::1]80", "1.2.3.4:"}) {
    CAPTURE(bad);
    CHECK_THROWS_AS(ParseListenAddress(bad), std::invalid_argument);
  }
}

TEST_CASE("loopback hosts are localhost, 127.0.0.0/8 and ::1") {
  for (const char* host : {"localhost", "LOCALHOST", "127.0.0.1", "127.1.2.3", "::1"}) {
    CAPTURE(host);
    CHECK(IsLoopbackHost(host));
  }
  for (const char* host : {"0.0.0.0", "::", "10.0.0.1", "example.com", "128.0.0.1", ""}) {
    CAPTURE(host);
    CHECK_FALSE(IsLoopbackHost(host));
  }
}

}  // namespace pm::http
