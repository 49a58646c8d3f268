// The Integrations section of the back office, independent of how it is shown: list, show one, prepare and run
// an action. The CLI uses it now and the web dashboard will use the same code paths, so each rule (roles, states,
// form validation) lives here once.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "eatos/sdk/integration.hpp"
#include "eatos/sdk/status.hpp"
#include "loader/host_context.hpp"
#include "registry/registry.hpp"

namespace eatos::host {

/// One integration as one restaurant sees it.
struct IntegrationView {
  const Manifest* manifest;
  const sdk::Descriptor* descriptor;
  sdk::InstallationStatus status;
  std::vector<const sdk::ActionSpec*> options;  // the actions offered in the current state
};

/// An action that passed every check that needs no input: it exists, the actor may run it, the state offers it.
struct PreparedAction {
  PluginRecord* plugin;
  const sdk::ActionSpec* action;
  const sdk::Form* form;  // null when the action takes no input
};

class IntegrationsSection {
 public:
  IntegrationsSection(Registry& registry, HostContext& host) : registry_(registry), host_(host) {}

  /// Every loaded integration with its state for `restaurant`. A plugin whose status call fails is shown in the
  /// `error` state with that failure as its last error; it does not fail the list.
  sdk::Result<std::vector<IntegrationView>> list(const std::string& restaurant, const sdk::Actor& actor);
  sdk::Result<IntegrationView> show(const std::string& restaurant, const sdk::Actor& actor, std::string_view id);

  /// Checks in this order: integration exists (not_found), action exists (not_found), role allowed by the
  /// manifest (permission_denied), action offered in the current state (not_found when not installed, else
  /// conflict). No plugin action code runs.
  sdk::Result<PreparedAction> prepare(const std::string& restaurant, const sdk::Actor& actor, std::string_view id,
                                      std::string_view action);
  /// prepare(), then the values are checked against the form (invalid_argument), then the plugin acts.
  /// `progress`, when given, receives the action's progress reports (the CLI's progress bar).
  sdk::Result<sdk::ActionOutcome> run(const std::string& restaurant, const sdk::Actor& actor, std::string_view id,
                                      std::string_view action, sdk::FormValues values,
                                      sdk::ProgressReporter* progress = nullptr);

 private:
  sdk::Result<PluginRecord*> find(std::string_view id);
  sdk::Result<IntegrationView> view(PluginRecord& plugin, const std::string& restaurant, const sdk::Actor& actor);

  Registry& registry_;
  HostContext& host_;
};

/// The form values checked against the form: unknown fields, required ones, select choices, numbers, lengths.
[[nodiscard]] sdk::Status check_form_values(const sdk::Form* form, const sdk::FormValues& values);

}  // namespace eatos::host
