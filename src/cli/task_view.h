// One task (step) drawn for people, from the JSON get_next_task and
// update_task_status return ({"task", "plan", "phase", ...}). Pure functions.
#pragma once

#include <nlohmann/json.hpp>
#include <string>

#include "cli/view_style.h"

namespace pm::cli {

using nlohmann::json;

// What `next` prints: the task with where it belongs, what it needs and
// produces, who holds it, and the command that starts or finishes it; or why
// nothing is ready.
std::string RenderTaskCard(const json& next, const ViewStyle& style);

// What start/done/block print: "▶ T4 Write the form: pending → in_progress",
// the steps that became ready, and a hint when the plan has no open step left.
std::string RenderStatusChange(const json& change, const ViewStyle& style);

}  // namespace pm::cli
