// Markdown renderings of project memory, for people and for MCP resources:
// plans (goal, acceptance criteria and steps as checklists, progress per phase
// and plan), the pending work of a workspace, a workspace overview, knowledge
// entries and research documents. Pure functions of the JSON the repositories
// return; they read nothing and never throw on absent optional fields.
#pragma once

#include <nlohmann/json.hpp>
#include <string>
#include <vector>

namespace pm::render {

using nlohmann::json;

// A plan view (PlanRepository::View). With `pending`, only what is left: steps
// not completed or cancelled, the phases holding them, and unmet criteria.
// `level` is the heading level of the plan's title (1: "#").
std::string PlanMarkdown(const json& view, bool pending = false, int level = 1);

// Several plan views of `workspace` (Workspace::ToJson) under one title; with
// `pending`, "Pending work" with only plans that have unfinished steps.
std::string PlansMarkdown(const json& workspace, const std::vector<json>& views, bool pending);

// A workspace overview: {workspace, plans (PlanRepository::List summaries),
// more_plans (bool), tracks (ToJson of TrackRepository::List), ready (count),
// ready_more (bool: the count was capped), activity (update_log rows, newest first)}.
std::string WorkspaceMarkdown(const json& overview);

// A knowledge entry (KnowledgeRepository::Get row).
std::string KnowledgeMarkdown(const json& entry);

// A research document (ResearchRepository::Get row) with "plan_code" (or null).
std::string ResearchMarkdown(const json& document);

// "2/5 steps done (40%)" from a progress object {total, completed, cancelled, percent}.
std::string ProgressText(const json& progress);

}  // namespace pm::render
