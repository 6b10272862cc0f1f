// ProgressBar shows how far a long command is, on stderr (never stdout, which
// may carry the command's output). On a terminal it redraws one line
// ("export [#######.............]  35%  35,000/100,000 rows"), at most ten times
// a second; otherwise it writes a plain line every few seconds, so logs of
// batch jobs stay readable. Nothing is shown for work that ends within half a
// second, nor when quiet. Not thread-safe.
#pragma once

#include <chrono>
#include <cstdint>
#include <string>

namespace pm::cli {

class ProgressBar {
 public:
  // `label` names the work ("export"), `unit` what is counted ("rows", "bytes").
  ProgressBar(std::string label, std::string unit, bool quiet);
  ~ProgressBar();  // clears a terminal line left drawn

  ProgressBar(const ProgressBar&) = delete;
  ProgressBar& operator=(const ProgressBar&) = delete;

  // `done` of `total` (0: unknown).
  void Update(int64_t done, int64_t total);
  // Erases the bar, before a summary is printed.
  void Finish();

 private:
  std::string Render(int64_t done, int64_t total) const;

  std::string label_, unit_;
  bool quiet_, terminal_;
  bool drawn_ = false;
  std::chrono::steady_clock::time_point start_, last_;
};

// 12345678 -> "12,345,678"
std::string GroupDigits(int64_t n);

}  // namespace pm::cli
