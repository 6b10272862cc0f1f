// The plan view as typed rows: a live plan with its track and progress, its
// phases (each with progress and its steps in order), notes, requirements and
// git links — what memory_plan get, the plan resource and the markdown export
// show. Notes and git links are still JSON rows (row_json.h).
//
// An archived plan's view is read from its archived rows, which keep the
// columns they had when it was archived; PlanRepository::View returns that one
// as JSON in the same shape, with "archived": true.
#pragma once

#include <cstdint>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <vector>

#include "store/database.h"
#include "store/phase.h"
#include "store/plan.h"
#include "store/requirement.h"

namespace pm::store {

// Steps of a plan or phase by status.
struct PlanProgress {
  int64_t total = 0, completed = 0, in_progress = 0, blocked = 0, pending = 0, cancelled = 0;

  // Counts in one step of `status`.
  void Count(const std::string& status);
  PlanProgress& operator+=(const PlanProgress& other);
  // Completed of the steps not cancelled, in percent rounded down (0 when none).
  int64_t percent() const;
};

// {total, completed, in_progress, blocked, pending, cancelled, percent}
nlohmann::json ToJson(const PlanProgress& progress);

// A step as a plan view lists it; the rest is for memory_steps get.
struct PlanViewStep {
  int64_t id = 0;
  std::string code;
  int64_t phase_id = 0;
  int64_t order_index = 0;
  std::string task, type, status, priority;
  std::optional<std::string> assignee;
};

// Its columns, in ReadPlanViewStep's order (no alias).
extern const char* const kPlanViewStepColumns;
PlanViewStep ReadPlanViewStep(Statement& row, int first = 0);
// {id, code, phase_id, order_index, task, type, status, priority, assignee}
nlohmann::json ToJson(const PlanViewStep& step);

struct PlanViewPhase {
  Phase phase;
  PlanProgress progress;
  std::vector<PlanViewStep> steps;  // in phase order
};

// ToJson(phase) with "progress" and "steps".
nlohmann::json ToJson(const PlanViewPhase& phase);

struct PlanView {
  Plan plan;
  std::optional<PlanTrack> track;
  PlanProgress progress;
  std::vector<PlanViewPhase> phases;  // in plan order
  std::vector<nlohmann::json> notes;  // plan_notes rows, oldest first
  std::vector<Requirement> requirements;
  std::vector<nlohmann::json> git_links;  // git_links rows, oldest first
};

// {plan: ToJson(plan) with archived (false), track and progress, phases,
// notes, requirements, git_links}
nlohmann::json ToJson(const PlanView& view);

}  // namespace pm::store
