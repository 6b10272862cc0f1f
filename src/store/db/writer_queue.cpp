#include "store/db/writer_queue.h"

#include <fcntl.h>
#include <pthread.h>
#include <spdlog/spdlog.h>
#include <sys/file.h>
#include <sys/syscall.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <csignal>
#include <cstdint>
#include <cstring>
#include <ctime>
#include <mutex>

namespace pm::store {

namespace {

// The signal that ends a wait that ran out of time. Its handler does nothing;
// installed without SA_RESTART, it makes the blocked flock return EINTR.
int TimeoutSignal() { return SIGRTMIN + 3; }

void InstallTimeoutHandler() {
  static std::once_flag once;
  std::call_once(once, [] {
    struct sigaction action {};
    action.sa_handler = [](int) {};
    sigemptyset(&action.sa_mask);
    action.sa_flags = 0;
    sigaction(TimeoutSignal(), &action, nullptr);
  });
}

// Lets the timeout signal through to this thread while it lives, whatever the
// thread's signal mask (a thread that blocks every signal still gives up).
class TimeoutSignalUnblocked {
 public:
  TimeoutSignalUnblocked() {
    sigset_t set;
    sigemptyset(&set);
    sigaddset(&set, TimeoutSignal());
    pthread_sigmask(SIG_UNBLOCK, &set, &before_);
  }
  ~TimeoutSignalUnblocked() { pthread_sigmask(SIG_SETMASK, &before_, nullptr); }
  TimeoutSignalUnblocked(const TimeoutSignalUnblocked&) = delete;
  TimeoutSignalUnblocked& operator=(const TimeoutSignalUnblocked&) = delete;

 private:
  sigset_t before_;
};

// A one-shot timer that signals this thread after `timeout`; disarmed and
// deleted when it goes out of scope.
class ThreadTimer {
 public:
  explicit ThreadTimer(std::chrono::milliseconds timeout) {
    sigevent event{};
    event.sigev_notify = SIGEV_THREAD_ID;
    event.sigev_signo = TimeoutSignal();
    // glibc (2.36) names the target thread only by this member.
    event._sigev_un._tid = static_cast<pid_t>(syscall(SYS_gettid));
    if (timer_create(CLOCK_MONOTONIC, &event, &timer_) != 0) return;
    armed_ = true;
    itimerspec when{};
    const auto ms = std::max<int64_t>(1, timeout.count());
    when.it_value.tv_sec = static_cast<time_t>(ms / 1000);
    when.it_value.tv_nsec = static_cast<long>((ms % 1000) * 1'000'000);
    timer_settime(timer_, 0, &when, nullptr);
  }
  ~ThreadTimer() {
    if (armed_) timer_delete(timer_);
  }
  bool armed() const { return armed_; }
  ThreadTimer(const ThreadTimer&) = delete;
  ThreadTimer& operator=(const ThreadTimer&) = delete;

 private:
  timer_t timer_{};
  bool armed_ = false;
};

}  // namespace

WriterQueue::WriterQueue(const std::string& database_path) {
  fd_ = ::open(LockPath(database_path).c_str(), O_RDWR | O_CREAT | O_CLOEXEC, 0644);
  if (fd_ < 0) {
    spdlog::debug("{}: no writer queue ({}); SQLite's busy handler alone lines writers up",
                  LockPath(database_path), std::strerror(errno));
    return;
  }
  InstallTimeoutHandler();
}

WriterQueue::~WriterQueue() {
  if (fd_ >= 0) ::close(fd_);  // lets go of a turn still held
}

bool WriterQueue::Enter(std::chrono::milliseconds timeout) {
  if (fd_ < 0 || held_) return true;
  if (::flock(fd_, LOCK_EX | LOCK_NB) == 0) {
    held_ = true;
    return true;
  }
  if (errno != EWOULDBLOCK) return true;  // cannot queue: SQLite decides alone
  using Clock = std::chrono::steady_clock;
  const auto deadline = Clock::now() + timeout;
  TimeoutSignalUnblocked unblocked;
  for (;;) {
    const auto left =
        std::chrono::duration_cast<std::chrono::milliseconds>(deadline - Clock::now());
    if (left.count() <= 0) return false;
    ThreadTimer timer(left);
    if (!timer.armed()) return true;  // no timer: do not wait unbounded
    if (::flock(fd_, LOCK_EX) == 0) {
      held_ = true;
      return true;
    }
    if (errno != EINTR) return true;
  }
}

void WriterQueue::Leave() noexcept {
  if (!held_) return;
  ::flock(fd_, LOCK_UN);
  held_ = false;
}

}  // namespace pm::store
