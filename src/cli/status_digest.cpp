#include "cli/status_digest.h"

#include <chrono>
#include <cstdio>
#include <optional>
#include <vector>

#include "cli/json_fields.h"
#include "cli/tree_view.h"

namespace pm::cli {

namespace {

long ProgressCount(const json& progress, const char* key) { return progress.value(key, 0L); }

bool PlanFinished(const json& view) {
  const std::string status = Str(Member(view, "plan"), "status");
  return status == "completed" || status == "cancelled";
}

// Seconds since the epoch of "2026-12-04T19:03:59.123Z" (fractions dropped).
std::optional<int64_t> EpochSecondsOf(const std::string& timestamp) {
  int y = 0, mo = 0, d = 0, h = 0, mi = 0, s = 0;
  if (std::sscanf(timestamp.c_str(), "%4d-%2d-%2dT%2d:%2d:%2d", &y, &mo, &d, &h, &mi, &s) != 6) {
    return std::nullopt;
  }
  using namespace std::chrono;
  const year_month_day date{year{y}, month{static_cast<unsigned>(mo)},
                            day{static_cast<unsigned>(d)}};
  if (!date.ok()) return std::nullopt;
  return sys_days(date).time_since_epoch().count() * 86400LL + h * 3600LL + mi * 60LL + s;
}

// "T5 Write the parser" with where it sits ("P1 › Build"), dimmed.
std::string StepWhere(const ViewStyle& style, const std::string& plan, const std::string& phase) {
  if (plan.empty() && phase.empty()) return "";
  return "  " + Dim(style, phase.empty() ? plan : plan + " › " + phase);
}

struct LocatedStep {
  const json* step;
  std::string plan_code, phase_name;
};

std::string DigestLine(const ViewStyle& style, const LocatedStep& item, const std::string& now) {
  const json& step = *item.step;
  const std::string status = Str(step, "status");
  std::string line = "  " + PaintStatus(style, status, std::string(StatusSymbol(status))) + " " +
                     Dim(style, Str(step, "code")) + " " + Shorten(Str(step, "task"), 60);
  if (status == "in_progress") {
    std::string holder = Str(step, "holder_agent");
    if (holder.empty()) holder = Str(step, "assignee");
    if (!holder.empty()) line += "  @" + holder;
    if (auto left = LeaseLeft(Str(step, "lease_expires_at"), now); !left.empty()) {
      line += "  " + PaintStatus(style, left == "expired" ? "blocked" : "", left);
    }
  } else if (status == "blocked") {
    const std::string why = Str(step, "blocked_reason");
    line += PaintStatus(style, status, " — " + (why.empty() ? "no reason given" : why));
  }
  return line + StepWhere(style, item.plan_code, item.phase_name) + "\n";
}

// A titled list: "In progress (3)" and up to kDigestListed lines.
std::string ListSection(const ViewStyle& style, const std::string& title,
                        const std::vector<LocatedStep>& items, const std::string& now) {
  if (items.empty()) return "";
  std::string out = "\n" + Bold(style, title + " (" + std::to_string(items.size()) + ")") + "\n";
  for (size_t i = 0; i < items.size() && i < kDigestListed; ++i) {
    out += DigestLine(style, items[i], now);
  }
  if (items.size() > kDigestListed) {
    out += Dim(style, "  … " + std::to_string(items.size() - kDigestListed) + " more") + "\n";
  }
  return out;
}

std::string WithThousands(long n) {
  std::string digits = std::to_string(n), out;
  for (size_t i = 0; i < digits.size(); ++i) {
    if (i > 0 && (digits.size() - i) % 3 == 0) out += ',';
    out += digits[i];
  }
  return out;
}

}  // namespace

size_t ExpandedStepCount(const json& plan_views) {
  size_t count = 0;
  for (const auto& view : plan_views) {
    if (PlanFinished(view)) continue;
    for (const auto& phase : view.value("phases", json::array())) {
      count += phase.value("steps", json::array()).size();
    }
  }
  return count;
}

std::string LeaseLeft(const std::string& expires, const std::string& now) {
  const auto end = EpochSecondsOf(expires);
  const auto start = EpochSecondsOf(now);
  if (!end || !start) return "";
  const int64_t left = *end - *start;
  if (left <= 0) return "expired";
  const int64_t minutes = (left + 59) / 60;
  char text[32];
  if (minutes < 60) {
    std::snprintf(text, sizeof text, "%lldm left", static_cast<long long>(minutes));
  } else if (minutes < 48 * 60) {
    std::snprintf(text, sizeof text, "%lldh%02lldm left", static_cast<long long>(minutes / 60),
                  static_cast<long long>(minutes % 60));
  } else {
    std::snprintf(text, sizeof text, "%lldd%lldh left", static_cast<long long>(minutes / 1440),
                  static_cast<long long>(minutes % 1440 / 60));
  }
  return text;
}

std::string RenderStatusDigest(const json& workspace, const json& plan_views, const json& ready,
                               size_t ready_limit, const json& next, const std::string& now,
                               const ViewStyle& style) {
  long total = 0, completed = 0, in_progress = 0, blocked = 0, cancelled = 0;
  std::vector<LocatedStep> started, stuck;
  std::string plans;
  size_t folded = 0;
  for (const auto& view : plan_views) {
    const json& plan = Member(view, "plan");
    const json& progress = Member(plan, "progress");
    total += ProgressCount(progress, "total");
    completed += ProgressCount(progress, "completed");
    in_progress += ProgressCount(progress, "in_progress");
    blocked += ProgressCount(progress, "blocked");
    cancelled += ProgressCount(progress, "cancelled");
    if (PlanFinished(view)) {
      ++folded;
    } else {
      plans += RenderPlanTree(view, style, false);
    }
    const json& phases = Member(view, "phases");
    if (!phases.is_array()) continue;
    for (const auto& phase : phases) {
      const json& steps = Member(phase, "steps");
      if (!steps.is_array()) continue;
      for (const auto& step : steps) {  // LocatedStep keeps pointers: iterate the views themselves
        const std::string status = Str(step, "status");
        LocatedStep item{&step, Str(plan, "code"), Str(phase, "name")};
        if (status == "in_progress") started.push_back(item);
        if (status == "blocked") stuck.push_back(item);
      }
    }
  }
  const json& ready_rows = Member(ready, "ready");
  const size_t ready_count = ready_rows.is_array() ? ready_rows.size() : 0;
  const std::string ready_text =
      std::to_string(ready_count) + (ready_limit > 0 && ready_count >= ready_limit ? "+" : "");

  std::string out =
      Bold(style, "Workspace " + Str(workspace, "code")) + " " +
      Dim(style, Str(workspace, "name") == Str(workspace, "code") ? Str(workspace, "path")
                                                                  : Str(workspace, "name")) +
      "\n";
  out += WithThousands(total) +
         " steps: " + PaintStatus(style, "completed", "✓ " + WithThousands(completed)) +
         " completed · " + PaintStatus(style, "in_progress", "▶ " + WithThousands(in_progress)) +
         " in progress · " + PaintStatus(style, "blocked", "⊘ " + WithThousands(blocked)) +
         " blocked · ○ " + WithThousands(total - completed - in_progress - blocked - cancelled) +
         " pending (" + ready_text + " ready) · ✗ " + WithThousands(cancelled) + " cancelled\n";

  out += "\n" + Bold(style, "Plans") + "\n" + plans;
  if (folded > 0) {
    out += Dim(style, "  " + std::to_string(folded) + " completed or cancelled plan" +
                          (folded == 1 ? "" : "s") + " not shown") +
           "\n";
  }
  out += ListSection(style, "In progress", started, now);
  out += ListSection(style, "Blocked", stuck, now);
  if (ready_count > 0) {
    out += "\n" + Bold(style, "Ready (" + ready_text + "), best first") + "\n";
    for (size_t i = 0; i < ready_count && i < kDigestReady; ++i) {
      const json& row = ready_rows[i];
      out += "  " + std::string(StatusSymbol("pending")) + " " + Dim(style, Str(row, "code")) +
             " " + Shorten(Str(row, "task"), 60) +
             StepWhere(style, Str(row, "plan_code"), Str(row, "phase_name")) + "\n";
    }
    if (ready_count > kDigestReady) {
      out += Dim(style, "  … " + std::to_string(ready_count - kDigestReady) +
                            (ready_text.back() == '+' ? "+" : "") + " more") +
             "\n";
    }
  }
  out += "\n" + RenderNextTask(next, style);
  out += Dim(style, "status --all draws every plan as a tree; show PLAN draws one.") + "\n";
  return out;
}

}  // namespace pm::cli
