#include "mcp/protocol_version.h"

#include <algorithm>

namespace pm::mcp {

const std::vector<std::string>& SupportedProtocolVersions() {
  static const std::vector<std::string> versions = {"2025-11-25", "2025-06-18", "2025-03-26",
                                                    "2024-11-05"};
  return versions;
}

const std::string& LatestProtocolVersion() { return SupportedProtocolVersions().front(); }

std::string NegotiateProtocolVersion(const std::string& requested) {
  const auto& supported = SupportedProtocolVersions();
  if (std::find(supported.begin(), supported.end(), requested) != supported.end()) {
    return requested;
  }
  return LatestProtocolVersion();
}

bool AllowsBatches(const std::string& version) { return version == "2025-03-26"; }

bool HasTitles(const std::string& version) {
  // Versions are dates, so they compare as strings.
  return version >= "2025-06-18";
}

catalog::ToolListFeatures ToolListFeaturesFor(const std::string& version) {
  // Versions are dates, so they compare as strings.
  catalog::ToolListFeatures features;
  features.title = HasTitles(version);
  features.output_schema = version >= "2025-06-18";
  features.annotations = version >= "2025-03-26";
  return features;
}

}  // namespace pm::mcp
