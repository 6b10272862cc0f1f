#include "cli/task_view.h"
#include "cli/json_fields.h"

namespace pm::cli {

namespace {

std::string Items(const json& list) {
  std::string out;
  for (const auto& item : list) {
    out += (out.empty() ? "" : "; ") + (item.is_string() ? item.get<std::string>() : item.dump());
  }
  return out;
}

std::string Where(const json& result) {
  std::string where =
      Str(Member(result, "plan"), "code") + " " + Str(Member(result, "plan"), "title");
  if (Member(result, "phase").is_object()) where += " › " + Str(Member(result, "phase"), "name");
  return where;
}

}  // namespace

std::string RenderTaskCard(const json& next, const ViewStyle& style) {
  const json& t = Member(next, "task");
  if (!t.is_object()) {
    std::string why = Member(next, "nothing_ready").is_object()
                          ? Str(Member(next, "nothing_ready"), "message")
                          : std::string();
    return (why.empty() ? "Nothing is ready." : why) + "\n";
  }
  const std::string status = Str(t, "status");
  const std::string code = Str(t, "code");
  std::string out = PaintStatus(style, status, std::string(StatusSymbol(status))) + " " +
                    Bold(style, code + " " + Str(t, "task")) + "  " +
                    PaintStatus(style, status, status) + "\n";
  out += "  " + Dim(style, "Plan") + " " + Where(next) + "\n";
  if (auto d = Str(t, "description"); !d.empty()) out += "  " + d + "\n";
  if (t.contains("inputs"))
    out += "  " + Dim(style, "Inputs:") + " " + Items(Member(t, "inputs")) + "\n";
  if (t.contains("expected_outputs")) {
    out +=
        "  " + Dim(style, "Expected outputs:") + " " + Items(Member(t, "expected_outputs")) + "\n";
  }
  if (auto c = Str(t, "context_notes"); !c.empty()) {
    out += "  " + Dim(style, "Context:") + " " + c + "\n";
  }
  for (const auto& r : next.value("requirements", json::array())) {
    out +=
        "  " + Dim(style, "Open criterion " + Str(r, "code") + ":") + " " + Str(r, "text") + "\n";
  }
  if (next.value("claimed", false)) {
    out += "Claimed by " + Str(t, "holder_agent") +
           (Str(t, "lease_expires_at").empty() ? "" : " until " + Str(t, "lease_expires_at")) +
           ". When done: project-memory done " + code + "\n";
  } else {
    out += "Not claimed. Start it with: project-memory start " + code + "\n";
  }
  return out;
}

std::string RenderStatusChange(const json& change, const ViewStyle& style) {
  const json& t = Member(change, "task");
  const std::string status = Str(t, "status");
  std::string out = PaintStatus(style, status, std::string(StatusSymbol(status))) + " " +
                    Bold(style, Str(t, "code") + " " + Str(t, "task")) + ": " +
                    Str(change, "previous_status") + " → " + PaintStatus(style, status, status) +
                    "\n";
  if (auto reason = Str(t, "blocked_reason"); status == "blocked" && !reason.empty()) {
    out += "  " + Dim(style, "Reason:") + " " + reason + "\n";
  }
  const json ready = change.value("became_ready", json::array());
  if (!ready.empty()) {
    out += "Now ready:\n";
    for (const auto& s : ready) {
      out += "  " + std::string(StatusSymbol("pending")) + " " + Str(s, "code") + " " +
             Str(s, "task") + " " +
             Dim(style, "(" + Str(s, "plan_code") + " › " + Str(s, "phase_name") + ")") + "\n";
    }
  }
  if (change.value("plan_open_steps", -1) == 0) {
    out += "Every step of " + Str(Member(change, "plan"), "code") +
           " is done: mark the plan completed with memory_plan update.\n";
  }
  return out;
}

}  // namespace pm::cli
