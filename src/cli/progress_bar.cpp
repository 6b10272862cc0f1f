#include "cli/progress_bar.h"

#include <unistd.h>

#include <iostream>

namespace pm::cli {

namespace {

using Clock = std::chrono::steady_clock;
constexpr auto kQuietStart = std::chrono::milliseconds(500);
constexpr auto kTerminalEvery = std::chrono::milliseconds(100);
constexpr auto kPlainEvery = std::chrono::seconds(5);
constexpr int kWidth = 30;

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
  if (total > 0) {
    const double fraction = std::min(1.0, static_cast<double>(done) / static_cast<double>(total));
    if (terminal_) {
      const int filled = static_cast<int>(fraction * kWidth);
      text += " [" + std::string(static_cast<size_t>(filled), '#') +
              std::string(static_cast<size_t>(kWidth - filled), '.') + "]";
    }
    const std::string percent = std::to_string(static_cast<int>(fraction * 100));
    text += " " + std::string(percent.size() < 3 ? 3 - percent.size() : 0, ' ') + percent + "%  " +
            GroupDigits(done) + "/" + GroupDigits(total) + " " + unit_;
  } else {
    text += " " + GroupDigits(done) + " " + unit_;
  }
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
