#include "http/seed_routes.h"

namespace pm::http {

using nlohmann::json;

namespace {

json Or(const json& object, const char* key, json fallback = nullptr) {
  auto it = object.find(key);
  return it == object.end() || it->is_null() ? fallback : *it;
}

// --- seed 000 ---

json Track(const json& t) {
  json track = {{"id", t["id"]},
                {"projectId", t["workspace_id"]},
                {"name", t["name"]},
                {"description", Or(t, "description")},
                {"goal", Or(t, "goal")},
                {"color", Or(t, "color")},
                {"icon", Or(t, "icon")},
                {"sortOrder", Or(t, "sort_order", 0)},
                {"createdAt", Or(t, "created_at")},
                {"updatedAt", Or(t, "updated_at")}};
  if (t.contains("plan_count")) {
    track["workOrderCount"] = t["plan_count"];
    track["doneCount"] = Or(t, "done_count", 0);
    track["readyCount"] = Or(t, "ready_count", 0);
  }
  return track;
}

json WorkOrder(const json& plan, const json& track) {
  return {{"id", plan["id"]},
          {"code", plan["code"]},
          {"title", plan["title"]},
          {"status", plan["status"]},
          {"trackId", Or(plan, "track_id")},
          {"track",
           track.is_object()
               ? json{{"id", track["id"]}, {"name", track["name"]}, {"color", Or(track, "color")}}
               : json(nullptr)}};
}

json TrackList(const json& s, const json&) {
  json tracks = json::array();
  for (const auto& t : s["tracks"]) tracks.push_back(Track(t));
  return {{"tracks", tracks}};
}
json OneTrack(const json& s, const json&) { return {{"track", Track(s["track"])}}; }
json TrackWithWorkOrders(const json& s, const json&) {
  json orders = json::array();
  for (const auto& p : s["plans"]) orders.push_back(WorkOrder(p, s["track"]));
  return {{"track", Track(s["track"])}, {"workOrders", orders}};
}
json Ok(const json&, const json&) { return {{"ok", true}}; }

json TrackSchema() {
  const json text = {{"type", {"string", "null"}}};
  return {{"type", "object"},
          {"required", {"id", "projectId", "name", "sortOrder", "createdAt", "updatedAt"}},
          {"properties",
           {{"id", {{"type", "integer"}}},
            {"projectId", {{"type", "integer"}, {"description", "The workspace's id"}}},
            {"name", {{"type", "string"}}},
            {"description", text},
            {"goal", text},
            {"color", text},
            {"icon", text},
            {"sortOrder", {{"type", "integer"}}},
            {"createdAt", {{"type", "string"}}},
            {"updatedAt", {{"type", "string"}}},
            {"workOrderCount", {{"type", "integer"}}},
            {"doneCount", {{"type", "integer"}}},
            {"readyCount", {{"type", "integer"}}}}}};
}
json WorkOrderSchema() {
  return {{"type", "object"},
          {"properties",
           {{"id", {{"type", "integer"}}},
            {"code", {{"type", "string"}}},
            {"title", {{"type", "string"}}},
            {"status", {{"type", "string"}}},
            {"trackId", {{"type", {"integer", "null"}}}},
            {"track", {{"type", {"object", "null"}}}}}}};
}
json TrackListSchema() {
  return {{"type", "object"},
          {"required", {"tracks"}},
          {"properties", {{"tracks", {{"type", "array"}, {"items", TrackSchema()}}}}}};
}
json OneTrackSchema() {
  return {{"type", "object"}, {"required", {"track"}}, {"properties", {{"track", TrackSchema()}}}};
}
json TrackWithWorkOrdersSchema() {
  return {{"type", "object"},
          {"required", {"track", "workOrders"}},
          {"properties",
           {{"track", TrackSchema()},
            {"workOrders", {{"type", "array"}, {"items", WorkOrderSchema()}}}}}};
}
json OkSchema() {
  return {{"type", "object"}, {"required", {"ok"}}, {"properties", {{"ok", {{"const", true}}}}}};
}

// --- seed 002 ---

// A task from a step row (memory_steps) or a task view (get_next_task,
// update_task_status: {task, plan, phase}). project_id is the project as the
// request named it (id or code), else the row's workspace id.
json Task(const json& source, const json& args) {
  const bool view = source.contains("task") && source["task"].is_object();
  const json& s = view ? source["task"] : source;
  json plan = view ? Or(source.value("plan", json::object()), "code") : Or(s, "plan_code");
  json phase = view ? Or(source.value("phase", json::object()), "name") : Or(s, "phase_name");
  return {{"task_id", s["code"]},
          {"id", s["id"]},
          {"project_id", Or(args, "workspace", Or(s, "workspace_id"))},
          {"description", s["task"]},
          {"details", Or(s, "description")},
          {"generator_name", Or(s, "generator_name")},
          {"status", s["status"]},
          {"inputs", Or(s, "inputs", json::array())},
          {"expected_outputs", Or(s, "expected_outputs", json::array())},
          {"context_notes", Or(s, "context_notes")},
          {"created_at", Or(s, "created_at")},
          {"updated_at", Or(s, "updated_at")},
          {"completed_at", Or(s, "completed_at")},
          {"completion_notes", Or(s, "completion_notes")},
          {"plan", plan},
          {"phase", phase},
          {"type", Or(s, "type")},
          {"priority", Or(s, "priority")},
          {"holder_agent", Or(s, "holder_agent")},
          {"lease_expires_at", Or(s, "lease_expires_at")}};
}

json NextTask(const json& s, const json& args) {
  if (s["task"].is_null()) return {{"task", nullptr}, {"nothing_ready", s["nothing_ready"]}};
  return {{"task", Task(s, args)}, {"claimed", s.value("claimed", false)}};
}
json TaskList(const json& s, const json& args) {
  json tasks = json::array();
  for (const auto& step : s["steps"]) tasks.push_back(Task(step, args));
  return {{"tasks", tasks}, {"next_cursor", Or(s, "next_cursor")}};
}
json AddedTask(const json& s, const json& args) { return {{"task", Task(s["steps"].at(0), args)}}; }
json OneTask(const json& s, const json& args) { return {{"task", Task(s["step"], args)}}; }
json TaskStatus(const json& s, const json& args) {
  json ready = json::array();
  for (const auto& r : s.value("became_ready", json::array())) ready.push_back(r["code"]);
  return {{"task", Task(s, args)},
          {"previous_status", s["previous_status"]},
          {"became_ready", ready},
          {"plan_open_steps", s["plan_open_steps"]}};
}

json TaskSchema() {
  const json text = {{"type", {"string", "null"}}};
  const json list = {{"type", "array"}, {"items", {{"type", "string"}}}};
  return {{"type", "object"},
          {"required", {"task_id", "id", "description", "status"}},
          {"properties",
           {{"task_id", {{"type", "string"}, {"description", "T-code, e.g. T51"}}},
            {"id", {{"type", "integer"}}},
            {"project_id",
             {{"type", {"integer", "string", "null"}},
              {"description", "The project (workspace) as the request named it, else its id"}}},
            {"description", {{"type", "string"}}},
            {"details", text},
            {"generator_name", text},
            {"status",
             {{"type", "string"},
              {"enum", {"pending", "in_progress", "blocked", "completed", "cancelled"}}}},
            {"inputs", list},
            {"expected_outputs", list},
            {"context_notes", text},
            {"created_at", text},
            {"updated_at", text},
            {"completed_at", text},
            {"completion_notes", text},
            {"plan", text},
            {"phase", text},
            {"type", text},
            {"priority", text},
            {"holder_agent", text},
            {"lease_expires_at", text}}}};
}
json NextTaskSchema() {
  return {{"type", "object"},
          {"required", {"task"}},
          {"properties",
           {{"task", {{"oneOf", {TaskSchema(), {{"type", "null"}}}}}},
            {"claimed", {{"type", "boolean"}}},
            {"nothing_ready",
             {{"type", "object"}, {"description", "Why nothing is ready (with task: null)"}}}}}};
}
json TaskListSchema() {
  return {{"type", "object"},
          {"required", {"tasks"}},
          {"properties",
           {{"tasks", {{"type", "array"}, {"items", TaskSchema()}}},
            {"next_cursor", {{"type", {"string", "null"}}}}}}};
}
json OneTaskSchema() {
  return {{"type", "object"}, {"required", {"task"}}, {"properties", {{"task", TaskSchema()}}}};
}
json TaskStatusSchema() {
  return {{"type", "object"},
          {"required", {"task", "previous_status", "became_ready"}},
          {"properties",
           {{"task", TaskSchema()},
            {"previous_status", {{"type", "string"}}},
            {"became_ready", {{"type", "array"}, {"items", {{"type", "string"}}}}},
            {"plan_open_steps", {{"type", "integer"}}}}}};
}

std::vector<ToolRoute> MakeSeedRoutes() {
  const std::string ws = "memory_workspace";
  const RouteArg repo = Path("repo", "workspace");
  const RouteArg track = Path("track", "track");
  const RouteArg agent = Body("agent", "agent");
  auto track_fields = [&](bool create) {
    return std::vector<RouteArg>{Body("name", "name", create), Body("description", "description"),
                                 Body("goal", "goal"),         Body("color", "color"),
                                 Body("icon", "icon"),         Body("sortOrder", "sort_order")};
  };
  std::vector<RouteArg> create_args = {repo, agent};
  for (auto& a : track_fields(true)) create_args.push_back(a);
  std::vector<RouteArg> update_args = {repo, track, agent};
  for (auto& a : track_fields(false)) update_args.push_back(a);

  const RouteArg project_query = Query("project", "workspace");
  const RouteArg project_body = Body("project", "workspace");
  const std::string steps = "memory_steps";
  std::vector<ToolRoute> routes = {
      {"GET",
       "/repos/:repo/tracks",
       "List a repository's tracks with work order counts",
       ws,
       "track_list",
       {repo},
       200,
       std::nullopt,
       TrackList,
       TrackListSchema},
      {"POST", "/repos/:repo/tracks", "Create a track", ws, "track_create", create_args, 201,
       std::nullopt, OneTrack, OneTrackSchema},
      {"GET",
       "/repos/:repo/tracks/:track",
       "One track with its counts and work orders",
       ws,
       "track_get",
       {repo, track},
       200,
       std::nullopt,
       TrackWithWorkOrders,
       TrackWithWorkOrdersSchema},
      {"PUT", "/repos/:repo/tracks/:track", "Update a track", ws, "track_update", update_args, 200,
       std::nullopt, OneTrack, OneTrackSchema},
      {"DELETE",
       "/repos/:repo/tracks/:track",
       "Delete a track; its work orders stay, on no track",
       ws,
       "track_delete",
       {repo, track, agent},
       200,
       std::nullopt,
       Ok,
       OkSchema},
      {"PUT",
       "/repos/:repo/work-orders/:wo/track",
       "Put a work order (plan) on a track, or on none with trackId null",
       ws,
       "track_assign",
       {repo, Path("wo", "plan"), Body("trackId", "track", true), agent},
       200,
       std::nullopt,
       Ok,
       OkSchema},

      {"GET",
       "/tasks/next",
       "The best ready task of a project, without claiming it",
       "get_next_task",
       "get",
       {project_query, Query("plan", "plan"), Query("track", "track"), Query("phase", "phase"),
        Query("type", "type"), Fixed("claim", false)},
       200,
       true,
       NextTask,
       NextTaskSchema},
      {"POST",
       "/tasks/next",
       "Claim the best ready task for the caller (the agent field, else the token's name)",
       "get_next_task",
       "get",
       {project_body, Body("plan", "plan"), Body("track", "track"), Body("phase", "phase"),
        Body("type", "type"), agent, Body("session_id", "session_id"),
        Body("lease_seconds", "lease_seconds"), Fixed("claim", true)},
       200,
       std::nullopt,
       NextTask,
       NextTaskSchema},
      {"GET",
       "/tasks",
       "A project's tasks, filtered and paged",
       steps,
       "list",
       {project_query, Query("status", "status"), Query("plan", "plan"), Query("phase", "phase"),
        Query("type", "type"), Query("assignee", "assignee"), Query("limit", "limit"),
        Query("cursor", "cursor")},
       200,
       std::nullopt,
       TaskList,
       TaskListSchema},
      {"POST",
       "/tasks",
       "Create a task (in the project's backlog unless plan is given)",
       steps,
       "add",
       {project_body, Body("description", "task", true), Body("details", "description"),
        Body("generator_name", "generator_name"), Body("inputs", "inputs"),
        Body("expected_outputs", "expected_outputs"), Body("context_notes", "context_notes"),
        Body("plan", "plan"), Body("phase", "phase"), Body("type", "type"),
        Body("priority", "priority"), Body("assignee", "assignee"), agent},
       201,
       std::nullopt,
       AddedTask,
       OneTaskSchema},
      {"GET",
       "/tasks/:task",
       "One task",
       steps,
       "get",
       {Path("task", "step"), project_query},
       200,
       std::nullopt,
       OneTask,
       OneTaskSchema},
      {"PATCH",
       "/tasks/:task",
       "Move a task to a status, with completion notes",
       "update_task_status",
       "set",
       {Path("task", "task"), project_body, Body("status", "status", true),
        Body("completion_notes", "completion_notes"), Body("notes", "notes"),
        Body("force", "force"), agent, Body("session_id", "session_id")},
       200,
       std::nullopt,
       TaskStatus,
       TaskStatusSchema},
  };
  return routes;
}

}  // namespace

const std::vector<ToolRoute>& SeedRoutes() {
  static const std::vector<ToolRoute> routes = MakeSeedRoutes();
  return routes;
}

}  // namespace pm::http
