#include "render/briefing_text.h"

#include "common/text.h"

namespace pm::render {

using nlohmann::json;

std::string LineageLine(const json& l) {
  std::string line = l["created_at"].get<std::string>() + " " + l["from_agent"].get<std::string>() +
                     " → " + l["to_agent"].get<std::string>();
  if (l["reason"].is_string()) line += ": " + Summarize(l["reason"].get<std::string>(), 100);
  return line;
}

std::string BriefingText(const json& b) {
  const json& plan = b["plan"];
  std::string text = plan["code"].get<std::string>() + " " + plan["title"].get<std::string>() +
                     " [" + plan["status"].get<std::string>() + ", " +
                     plan["steps_completed"].dump() + "/" + plan["steps_total"].dump() + " steps]";
  if (plan["goal"].is_string()) text += "\nGoal: " + plan["goal"].get<std::string>();
  if (b["phase"].is_object()) text += "\nPhase: " + b["phase"]["name"].get<std::string>();
  if (b["step"].is_object()) {
    const json& s = b["step"];
    text += std::string(s["status"] == "in_progress" ? "\nIn progress: " : "\nNext: ") +
            s["code"].get<std::string>() + " " + s["task"].get<std::string>();
    if (s["assignee"].is_string()) text += " (" + s["assignee"].get<std::string>() + ")";
  } else {
    text += "\nNo open step.";
  }
  for (const auto& l : b["lineage"]) text += "\nHandoff: " + LineageLine(l);
  for (const auto& n : b["notes"]) {
    text += "\nNote (" + n["kind"].get<std::string>() +
            "): " + Summarize(n["text"].get<std::string>(), 160);
  }
  for (const auto& r : b["open_requirements"]) {
    text += "\nOpen: " + r["code"].get<std::string>() + " " +
            Summarize(r["text"].get<std::string>(), 120);
  }
  return text;
}

}  // namespace pm::render
