// How one restaurant's 7Shift connection looks in the Integrations section (facts for people, details for JSON).
#pragma once

#include <eatos/sdk/integration.hpp>
#include <optional>

#include "account/installation_record.hpp"

namespace eatos::sevenshifts {

[[nodiscard]] sdk::InstallationStatus status_view(const std::optional<InstallationRecord>& record);

/// "Connected to 7shifts company 'Acme' (2 locations)"
[[nodiscard]] std::string connected_summary(const InstallationRecord& record);

}  // namespace eatos::sevenshifts
