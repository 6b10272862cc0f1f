// Helpers every tool handler uses on its (already validated) arguments.
#pragma once

#include <initializer_list>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>

#include "common/text.h"
#include "store/actor.h"
#include "store/plan.h"
#include "store/row_json.h"
#include "store/workspace_repository.h"
#include "tools/tool_env.h"

namespace pm::tools {

using nlohmann::json;

// The keys of `args` among `keys` that are present, copied: a column patch.
json Pick(const json& args, std::initializer_list<const char*> keys);

// The string argument `key`, or nullopt when it is absent.
std::optional<std::string> OptString(const json& args, const char* key);

// Who acts: the "agent" argument when given, else the server's default actor;
// the "session_id" argument when given, else the session the server process
// started (memory_agent session_start), if any.
store::Actor ActorFor(const ToolEnv& env, const json& args);

// The workspace of the "workspace" argument (id, code or path), or the one
// registered for the server's directory. Throws UserError when none matches.
store::Workspace WorkspaceFor(ToolEnv& env, const json& args);

// The UserError for a reference that names nothing in the workspace: "no plan
// P99 in workspace shop (give its id or P-code, e.g. P1)".
[[noreturn]] void ThrowNoSuchRef(const store::Workspace& ws, const json& ref,
                                 const std::string& code_prefix, const std::string& kind);

// A row of a workspace-scoped table by id or short code, or a UserError naming
// what was looked for: "no plan P99 in workspace shop".
json RequireRef(ToolEnv& env, const store::TableShape& shape, const store::Workspace& ws,
                const json& ref, const std::string& code_prefix, const std::string& kind);
// The id of that row alone (one indexed lookup), or the same UserError.
int64_t RequireRefId(ToolEnv& env, const store::TableShape& shape, const store::Workspace& ws,
                     const json& ref, const std::string& code_prefix, const std::string& kind);

// The live plan of `ws` that `ref` names (an id or P-code); UserError otherwise.
store::Plan RequirePlan(ToolEnv& env, const store::Workspace& ws, const json& ref);

// The "created_session" list filter (an id or S-code) as the session's id, or
// nullopt when absent; UserError when the workspace has no such session.
std::optional<int64_t> CreatedSessionFilter(ToolEnv& env, const store::Workspace& ws,
                                            const json& args);

// A path on the server's disk that an action was given, absolute and with
// links resolved, once env.files allows it (app/file_policy.h). Over stdio the
// directories of the workspace `workspace_id` (when given) and of the server's
// directory, and the data directory (a SQLite file's; PostgreSQL has none),
// count as allowed. `alternative`: what to do instead where the server takes
// no paths. Throws UserError.
std::string AllowedPath(ToolEnv& env, std::optional<int64_t> workspace_id, const std::string& path,
                        const std::string& alternative);

// A string argument that must not be blank; throws UserError otherwise.
std::string NonBlank(const json& args, const char* key);

}  // namespace pm::tools
