// Text renderings of a plan briefing (store::PlanBriefing) and of a handoff
// (a lineage row), shared by memory_agent and the prompts that brief an agent.
#pragma once

#include <nlohmann/json.hpp>
#include <string>

namespace pm::render {

// "2026-… architect → executor: reason"
std::string LineageLine(const nlohmann::json& lineage);

// The plan's code, title, status and progress, goal, current phase, the step
// in progress or next, latest handoffs and notes, and unmet criteria; one per line.
std::string BriefingText(const nlohmann::json& briefing);

}  // namespace pm::render
