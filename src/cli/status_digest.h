// The short form of `project-memory status` for a workspace too large to draw
// as trees: one line per unfinished plan, then what matters — the steps in
// progress with their holders and the lease time left, the blocked ones with
// their reasons, the next few ready ones — and counts for the rest. Pure
// functions over the tools' JSON (plan views from memory_plan "get", whose
// in-progress and blocked steps carry the fields memory_steps "get" adds),
// unit-tested without a database.
#pragma once

#include <nlohmann/json.hpp>
#include <string>

#include "cli/view_style.h"

namespace pm::cli {

using nlohmann::json;

// How many steps of each kind the digest lists before it says "… N more".
inline constexpr size_t kDigestListed = 8;
// How many ready steps it lists.
inline constexpr size_t kDigestReady = 5;
// Workspaces whose expanded trees would hold more steps than this get the digest.
inline constexpr size_t kTreeStepLimit = 60;

// The number of step lines RenderStatus would draw without --all (steps of
// plans that are neither completed nor cancelled).
size_t ExpandedStepCount(const json& plan_views);

// "14m left", "1h05m left", "2d3h left", or "expired" when `expires` is not
// after `now`; "" when either is not a timestamp ("2026-12-04T19:03:59.123Z").
std::string LeaseLeft(const std::string& expires, const std::string& now);

// The digest. `ready` is memory_plan "ready" ({"ready": [...]}) with a limit of
// `ready_limit` (a full page is shown as "N+"); `next` as for RenderStatus;
// `now` a timestamp for the lease times. Ends with "\n".
std::string RenderStatusDigest(const json& workspace, const json& plan_views, const json& ready,
                               size_t ready_limit, const json& next, const std::string& now,
                               const ViewStyle& style);

}  // namespace pm::cli
