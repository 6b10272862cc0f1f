#include "store/clock.h"

#include <chrono>
#include <ctime>

namespace pm::store {

namespace {

std::string Format(std::chrono::system_clock::time_point when) {
  const auto millis =
      std::chrono::duration_cast<std::chrono::milliseconds>(when.time_since_epoch()).count();
  const std::time_t seconds = static_cast<std::time_t>(millis / 1000);
  std::tm utc{};
  gmtime_r(&seconds, &utc);
  std::string text = "0000-00-00T00:00:00.000Z";
  // Writes `value` right-aligned into text[at, at + width).
  auto put = [&text](size_t at, size_t width, int64_t value) {
    for (size_t i = at + width; i > at; --i, value /= 10)
      text[i - 1] = static_cast<char>('0' + value % 10);
  };
  put(0, 4, utc.tm_year + 1900);
  put(5, 2, utc.tm_mon + 1);
  put(8, 2, utc.tm_mday);
  put(11, 2, utc.tm_hour);
  put(14, 2, utc.tm_min);
  put(17, 2, utc.tm_sec);
  put(20, 3, millis % 1000);
  return text;
}

}  // namespace

std::string NowTimestamp() { return Format(std::chrono::system_clock::now()); }

std::string TimestampAfter(int64_t seconds) {
  return Format(std::chrono::system_clock::now() + std::chrono::seconds(seconds));
}

}  // namespace pm::store
