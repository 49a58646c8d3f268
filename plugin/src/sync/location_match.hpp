// Which 7shifts location an eatOS store most likely is, by name: used to suggest a mapping, never to make one
// silently when two locations fit equally well.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "api/models.hpp"

namespace eatos::sevenshifts {

/// The one location among `candidates` whose name matches `store_name`: equal ignoring case and spacing, else the
/// only one sharing the most distinctive words (words every candidate has, like the brand, do not count).
/// nullopt when none or several fit.
[[nodiscard]] std::optional<Location> suggest_location(const std::string& store_name,
                                                       const std::vector<Location>& candidates);

}  // namespace eatos::sevenshifts
