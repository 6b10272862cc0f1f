// The REST routes the seeds specify, each one catalog action (tool_route.h):
//
// Seed 000 (tracks), a repo being a workspace (id or code) and a work order a
// plan (id or P-code):
//   GET    /repos/:repo/tracks                      {tracks: Track[]}
//   POST   /repos/:repo/tracks                      201 {track: Track}
//   GET    /repos/:repo/tracks/:track               {track: Track, workOrders: WorkOrder[]}
//   PUT    /repos/:repo/tracks/:track               {track: Track}
//   DELETE /repos/:repo/tracks/:track               {ok: true}
//   PUT    /repos/:repo/work-orders/:wo/track       {ok: true}   body {trackId: id | null}
// Tracks in the seed's camelCase: id, projectId, name, description, goal,
// color, icon, sortOrder, createdAt, updatedAt and, where counted,
// workOrderCount, doneCount, readyCount.
//
// Seed 002 (tasks), a project being a workspace and a task a step (T-code or id):
//   GET    /tasks/next?project=X    the best ready task, nothing claimed
//   POST   /tasks/next              claims it for the caller (body: project, agent, ...)
//   GET    /tasks?project=X&status=...                  {tasks: Task[], next_cursor}
//   POST   /tasks                   201 {task}          (body: project, description, ...)
//   GET    /tasks/:task?project=X                       {task}
//   PATCH  /tasks/:task             status, completion_notes -> {task, previous_status,
//   became_ready}
// Tasks with the seed's columns: task_id (the T-code), project_id (the project
// as the request named it, else the workspace id), description (the step's
// task line), generator_name, status, inputs, expected_outputs, context_notes,
// created_at, updated_at, completed_at, completion_notes — plus id, details
// (the step's description), plan, phase, type, priority, holder_agent and
// lease_expires_at. A field the action's result leaves out is null (a list
// entry is a summary; GET /tasks/:task has every field).
#pragma once

#include <vector>

#include "http/tool_route.h"

namespace pm::http {

const std::vector<ToolRoute>& SeedRoutes();

}  // namespace pm::http
