#include "app/plan_templates.h"

#include <algorithm>

#include "common/embedded_resources.h"

namespace pm::app {

const std::vector<nlohmann::json>& PlanTemplates() {
  static const std::vector<nlohmann::json> templates = [] {
    std::vector<nlohmann::json> out;
    for (const auto& f : EmbeddedFiles()) {
      if (f.path.rfind("templates/", 0) == 0) out.push_back(nlohmann::json::parse(f.content));
    }
    std::sort(out.begin(), out.end(),
              [](const auto& a, const auto& b) { return a["name"] < b["name"]; });
    return out;
  }();
  return templates;
}

const nlohmann::json* FindPlanTemplate(const std::string& name) {
  for (const auto& t : PlanTemplates()) {
    if (t["name"] == name) return &t;
  }
  return nullptr;
}

}  // namespace pm::app
