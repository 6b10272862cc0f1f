#include "http/listen_address.h"

#include <arpa/inet.h>

#include <stdexcept>

#include "common/text.h"

namespace pm::http {

namespace {

int ParsePort(const std::string& text, const std::string& whole) {
  if (text.empty() || text.size() > 5 ||
      text.find_first_not_of("0123456789") != std::string::npos) {
    throw std::invalid_argument("--http " + whole +
                                ": expected PORT, ADDR:PORT or [IPv6]:PORT (e.g. 8080, "
                                "0.0.0.0:8080, [::1]:8080)");
  }
  int port = std::stoi(text);
  if (port > 65535) throw std::invalid_argument("--http " + whole + ": port must be 0 to 65535");
  return port;
}

}  // namespace

std::string ListenAddress::HostPort() const {
  const bool v6 = host.find(':') != std::string::npos;
  return (v6 ? "[" + host + "]" : host) + ":" + std::to_string(port);
}

ListenAddress ParseListenAddress(const std::string& text) {
  ListenAddress address;
  if (!text.empty() && text.front() == '[') {
    auto close = text.find(']');
    if (close == std::string::npos || close + 1 >= text.size() || text[close + 1] != ':') {
      throw std::invalid_argument("--http " + text + ": an IPv6 address is written [::1]:8080");
    }
    address.host = text.substr(1, close - 1);
    address.port = ParsePort(text.substr(close + 2), text);
  } else if (auto colon = text.rfind(':'); colon != std::string::npos) {
    address.host = text.substr(0, colon);
    if (address.host.find(':') != std::string::npos) {
      throw std::invalid_argument("--http " + text + ": an IPv6 address is written [::1]:8080");
    }
    address.port = ParsePort(text.substr(colon + 1), text);
  } else {
    address.port = ParsePort(text, text);
  }
  if (address.host.empty()) {
    throw std::invalid_argument("--http " + text + ": the address before the port is empty");
  }
  return address;
}

bool IsLoopbackHost(const std::string& host) {
  if (AsciiLower(host) == "localhost") return true;
  in_addr v4{};
  if (::inet_pton(AF_INET, host.c_str(), &v4) == 1) {
    return (ntohl(v4.s_addr) >> 24) == 127;
  }
  in6_addr v6{};
  if (::inet_pton(AF_INET6, host.c_str(), &v6) == 1) return IN6_IS_ADDR_LOOPBACK(&v6);
  return false;
}

}  // namespace pm::http
