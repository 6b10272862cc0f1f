// Plan templates (templates/*.json, embedded in the binary): named sets of
// phases, steps and acceptance criteria that create_from_template copies.
#pragma once

#include <nlohmann/json.hpp>
#include <vector>

namespace pm::app {

// Every template, sorted by name. Each is {name, description, category,
// phases: [{name, steps: [{task, type}]}], requirements: [text]}.
const std::vector<nlohmann::json>& PlanTemplates();

// The template called `name`, or nullptr.
const nlohmann::json* FindPlanTemplate(const std::string& name);

}  // namespace pm::app
