#include "store/lineage_repository.h"

#include "store/change_log.h"
#include "store/context_repository.h"

namespace pm::store {

namespace {

const TableShape kLineage{"lineage", {"data"}, {}};

}  // namespace

json LineageRepository::Record(int64_t workspace_id, int64_t plan_id, const Handoff& handoff,
                               const Actor& actor) {
  return db_.Write([&] {
    const int64_t id =
        InsertRow(db_, "lineage",
                  {{"plan_id", plan_id},
                   {"from_agent", handoff.from_agent},
                   {"to_agent", handoff.to_agent},
                   {"reason", handoff.reason ? json(*handoff.reason) : json(nullptr)},
                   {"data", handoff.data.dump()}});
    json row = *SelectOne(db_, kLineage, "id = ?", {id});
    RecordChange(db_, {workspace_id, "lineage", id, "create", nullptr, row}, actor);
    NewContext memory;
    auto plan = SelectOne(db_, TableShape{"plans", {}, {}}, "id = ?", {plan_id});
    memory.anchor = {"plan", plan_id, plan_id, "plan " + (*plan)["code"].get<std::string>()};
    memory.type = "handoff";
    memory.append = true;
    memory.agent = handoff.from_agent;
    memory.data = {{"from", handoff.from_agent},
                   {"to", handoff.to_agent},
                   {"reason", row["reason"]},
                   {"data", handoff.data},
                   {"lineage_id", id}};
    json context = StoreContextIn(db_, workspace_id, memory, actor);
    return json{{"lineage", row}, {"context", context}};
  });
}

RowPage LineageRepository::List(int64_t plan_id, int limit, int64_t after_id) {
  // idx_lineage_plan.
  return PageOf(SelectAll(db_, kLineage, "plan_id = ? AND id > ? ORDER BY id LIMIT ?",
                          {plan_id, after_id, limit + 1}),
                limit);
}

}  // namespace pm::store
