// Plans drawn for people as trees (plan → phase → step) with status symbols
// and progress bars, from the JSON memory_plan action "get" returns (a "plan
// view": {"plan", "phases": [{..., "progress", "steps"}], ...}). Pure functions:
// data in, text out, so they are unit-tested without a database.
#pragma once

#include <nlohmann/json.hpp>
#include <string>

#include "cli/view_style.h"

namespace pm::cli {

using nlohmann::json;

// The status a phase shows, from its progress counts: completed when every
// step is completed or cancelled (cancelled when all are cancelled), in_progress
// when any step is started or done, blocked when only blocked steps remain
// open, else pending (also for an empty phase).
std::string PhaseStatus(const json& progress);

// "████░░░░░░ 3/8" for a progress object: completed out of total less
// cancelled.
std::string ProgressBarOf(const ViewStyle& style, const json& progress);

// One plan: a header line (symbol, code, title, status, bar), then with
// `expand` its phases and their steps as a box-drawn tree (a blocked step
// with a "blocked_reason" shows it). Ends with "\n".
std::string RenderPlanTree(const json& plan_view, const ViewStyle& style, bool expand = true);

// The line for the task get_next_task returns ({"task", "plan", "phase"}), or
// the reason nothing is ready ({"task": null, "nothing_ready": {"message"}}).
std::string RenderNextTask(const json& next, const ViewStyle& style);

// What `status` prints: the workspace line, every plan (completed and
// cancelled ones folded to their header unless `all`), and the next task.
std::string RenderStatus(const json& workspace, const json& plan_views, const json& next,
                         const ViewStyle& style, bool all);

}  // namespace pm::cli
