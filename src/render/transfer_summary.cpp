#include "render/transfer_summary.h"

namespace pm::render {

namespace {

std::string Plural(int64_t n, const std::string& one, const std::string& many) {
  return std::to_string(n) + " " + (n == 1 ? one : many);
}

}  // namespace

std::string ExportSummaryText(const store::ExportSummary& summary) {
  std::string tables;
  for (const auto& [table, n] : summary.rows) {
    tables += (tables.empty() ? "" : ", ") + table + " " + std::to_string(n);
  }
  std::string text = Plural(summary.total_rows, "row", "rows");
  if (!tables.empty()) text += " (" + tables + ")";
  return text + ", " + Plural(summary.tombstones, "tombstone", "tombstones");
}

std::string ImportSummaryText(const store::ImportSummary& summary) {
  store::ImportCounts all;
  std::string tables;
  for (const auto& [table, c] : summary.tables) {
    all.inserted += c.inserted;
    all.updated += c.updated;
    all.unchanged += c.unchanged;
    std::string parts;
    if (c.inserted) parts += std::to_string(c.inserted) + " new";
    if (c.updated) parts += (parts.empty() ? "" : ", ") + std::to_string(c.updated) + " updated";
    if (c.unchanged) {
      parts += (parts.empty() ? "" : ", ") + std::to_string(c.unchanged) + " unchanged";
    }
    if (c.skipped) parts += (parts.empty() ? "" : ", ") + std::to_string(c.skipped) + " skipped";
    tables += (tables.empty() ? "" : "; ") + table + " " + parts;
  }
  std::string text = Plural(summary.rows, "row", "rows") + ": " + std::to_string(all.inserted) +
                     " inserted, " + std::to_string(all.updated) + " updated, " +
                     std::to_string(all.unchanged) + " unchanged";
  if (!tables.empty()) text += " (" + tables + ")";
  text += "; " + Plural(summary.tombstones_applied, "tombstone", "tombstones") + " applied";
  if (summary.tombstones_absent) {
    text += ", " + std::to_string(summary.tombstones_absent) + " already absent";
  }
  return text;
}

}  // namespace pm::render
