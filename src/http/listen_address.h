// Where `serve --http [ADDR:]PORT` listens: parsing the argument and telling a
// loopback address (which may run without tokens) from any other.
#pragma once

#include <string>

namespace pm::http {

struct ListenAddress {
  std::string host = "127.0.0.1";  // an IPv4 or IPv6 literal, or a name such as localhost
  int port = 0;                    // 0: any free port

  // "127.0.0.1:8080", "[::1]:8080"
  std::string HostPort() const;
};

// Parses "PORT", "ADDR:PORT" or "[IPv6]:PORT". Throws std::invalid_argument with
// a message naming the expected forms.
ListenAddress ParseListenAddress(const std::string& text);

// Whether `host` names this machine only: localhost, 127.0.0.0/8 or ::1.
bool IsLoopbackHost(const std::string& host);

}  // namespace pm::http
