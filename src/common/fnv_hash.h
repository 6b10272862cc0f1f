// A 64-bit FNV-1a content hash rendered as 16 hex digits. Used to notice that a
// migration's text or the tool catalog changed; not a cryptographic hash.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

namespace pm {

class FnvHash {
 public:
  void Update(std::string_view bytes) {
    for (unsigned char c : bytes) {
      state_ ^= c;
      state_ *= 0x100000001b3ULL;
    }
  }
  std::string Hex() const;

  static std::string Of(std::string_view bytes) {
    FnvHash h;
    h.Update(bytes);
    return h.Hex();
  }

 private:
  std::uint64_t state_ = 0xcbf29ce484222325ULL;
};

}  // namespace pm
