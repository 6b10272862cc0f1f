#include "app/plan_export.h"

#include "common/user_error.h"
#include "render/markdown_render.h"
#include "store/plan_repository.h"

namespace pm::app {

std::string ExportPlansMarkdown(store::Database& db, const store::Workspace& ws,
                                std::optional<int64_t> plan_id, bool pending) {
  store::PlanRepository plans(db);
  if (plan_id) {
    auto view = plans.View(*plan_id);
    if (!view) throw UserError("plan " + std::to_string(*plan_id) + " no longer exists");
    return render::PlanMarkdown(*view, pending);
  }
  // Live plans, most urgent first, a page at a time.
  std::vector<nlohmann::json> views;
  store::PlanListFilter filter;
  filter.limit = 500;
  for (;;) {
    store::PlanPage page = plans.List(ws.id, filter);
    for (const auto& p : page.plans) {
      if (auto view = plans.View(p.id)) views.push_back(std::move(*view));
    }
    if (!page.next_offset) break;
    filter.offset = *page.next_offset;
  }
  return render::PlansMarkdown(ws.ToJson(), views, pending);
}

}  // namespace pm::app
