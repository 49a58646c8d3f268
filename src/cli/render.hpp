// How the CLI shows things: a JSON document (--json) or text for people. JSON goes to stdout as one document;
// errors go to stderr (and, with --json, also as {"ok":false,"error":{...}} on stdout).
#pragma once

#include <boost/json/object.hpp>
#include <string>
#include <vector>

#include "eatos/sdk/status.hpp"
#include "integrations/integrations_section.hpp"
#include "registry/registry.hpp"

namespace eatos::host {

[[nodiscard]] boost::json::object plugins_json(const Registry& registry, const std::string& manifests_dir,
                                               const std::string& plugins_dir);
[[nodiscard]] std::string plugins_text(const Registry& registry);

[[nodiscard]] boost::json::object integration_list_json(const std::string& restaurant,
                                                        const std::vector<IntegrationView>& views);
[[nodiscard]] std::string integration_list_text(const std::vector<IntegrationView>& views);

/// The plugin's details_json is merged in; keys the host already uses win (and the clash is reported in `clash`).
[[nodiscard]] boost::json::object integration_json(const std::string& restaurant, const IntegrationView& view,
                                                   std::string& clash);
[[nodiscard]] std::string integration_text(const IntegrationView& view);

[[nodiscard]] boost::json::object error_json(const sdk::Status& status);

/// "Not installed", "Connected", "Needs attention", "Error": the badge words of the Integrations section.
[[nodiscard]] std::string state_label(sdk::InstallationState state);

}  // namespace eatos::host
