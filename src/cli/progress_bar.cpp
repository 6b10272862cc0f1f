#include "cli/progress_bar.h"

#include <unistd.h>

#include <iostream>

namespace pm::cli {

namespace {

using Clock = std::chrono::steady_clock;
constexpr auto kQuietStart = std::chrono::milliseconds(500);
constexpr auto kTerminalEvery = std::chrono::milliseconds(100);
constexpr auto kPlainEvery = std::chrono::seconds(5);
constexpr size_t kWidth = 30;

}  // namespace

std::string GroupDigits(int64_t n) {
  std::string digits = std::to_string(n < 0 ? -n : n), out;
  for (size_t i = 0; i < digits.size(); ++i) {
    if (i > 0 && (digits.size() - i) % 3 == 0) out.push_back(',');
    out.push_back(digits[i]);
  }
  return (n < 0 ? "-" : "") + out;
}

ProgressBar::ProgressBar(std::string label, std::string unit, bool quiet)
    : label_(std::move(label)),
      unit_(std::move(unit)),
      quiet_(quiet),
      terminal_(::isatty(STDERR_FILENO) != 0),
      start_(Clock::now()),
      last_(start_) {}

ProgressBar::~ProgressBar() { Finish(); }

std::string ProgressBar::Render(int64_t done, int64_t total) const {
  std::string text = label_;
  // Appended piece by piece: GCC 12 warns (-Wrestrict, a false positive) on
  // "literal" + std::string temporaries at -O2.
  if (total > 0) {
    const double fraction = std::min(1.0, static_cast<double>(done) / static_cast<double>(total));
    if (terminal_) {
      const auto filled = static_cast<size_t>(fraction * kWidth);
      text.append(" [").append(filled, '#').append(kWidth - filled, '.').append("]");
    }
    const std::string percent = std::to_string(static_cast<int>(fraction * 100));
    text.append(1 + (percent.size() < 3 ? 3 - percent.size() : 0), ' ').append(percent);
    text.append("%  ").append(GroupDigits(done)).append("/").append(GroupDigits(total));
  } else {
    text.append(" ").append(GroupDigits(done));
  }
  text.append(" ").append(unit_);
  return text;
}

void ProgressBar::Update(int64_t done, int64_t total) {
  if (quiet_) return;
  const auto now = Clock::now();
  if (now - start_ < kQuietStart) return;
  if (drawn_ && now - last_ < (terminal_ ? kTerminalEvery : kPlainEvery)) return;
  if (!drawn_ && !terminal_ && now - start_ < kPlainEvery) return;
  last_ = now;
  if (terminal_) {
    std::cerr << "\r\033[K" << Render(done, total) << std::flush;
  } else {
    std::cerr << Render(done, total) << "\n" << std::flush;
  }
  drawn_ = true;
}

void ProgressBar::Finish() {
  if (drawn_ && terminal_) std::cerr << "\r\033[K" << std::flush;
  drawn_ = false;
}

}  // namespace pm::cli
