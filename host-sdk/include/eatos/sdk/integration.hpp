// The integration interface: what a plugin implements, and what the host renders and calls.
//
// An integration describes itself once (entry, forms, actions), then answers two kinds of calls about one
// installation (one restaurant): `status` (what the Integrations section shows) and `act` (a user pressed a button:
// Connect, Update token, Remove, ...). The host renders forms and actions generically (CLI now, web later), checks
// the actor's role against the manifest before any action reaches the plugin, and collects the form values.
#pragma once

#include <boost/config.hpp>
#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "eatos/sdk/secret.hpp"
#include "eatos/sdk/services.hpp"
#include "eatos/sdk/status.hpp"
#include "eatos/sdk/version.hpp"

EATOS_SDK_BEGIN_NAMESPACE

// ---- Who asks ----------------------------------------------------------------------------------------------------

enum class Role : std::uint8_t { owner, admin, manager, staff };

constexpr std::string_view to_string(Role role) noexcept {
  switch (role) {
    case Role::owner: return "owner";
    case Role::admin: return "admin";
    case Role::manager: return "manager";
    case Role::staff: return "staff";
  }
  return "staff";
}

constexpr std::optional<Role> parse_role(std::string_view text) noexcept {
  for (Role role : {Role::owner, Role::admin, Role::manager, Role::staff}) {
    if (to_string(role) == text) return role;
  }
  return std::nullopt;
}

struct Actor {
  std::string user_id;
  Role role = Role::staff;
};

// ---- How it presents itself --------------------------------------------------------------------------------------

/// The card in the Integrations section.
struct EntryInfo {
  std::string id;  // must equal the manifest's id
  std::string name;
  std::string category;
  std::string description;
};

enum class FieldType : std::uint8_t { text, secret, select, number };

constexpr std::string_view to_string(FieldType type) noexcept {
  switch (type) {
    case FieldType::text: return "text";
    case FieldType::secret: return "secret";
    case FieldType::select: return "select";
    case FieldType::number: return "number";
  }
  return "text";
}

struct Choice {
  std::string value;
  std::string label;
};

/// One input of a form. A `secret` field is write-only: the host never pre-fills it, reads it from stdin or a
/// no-echo prompt (never argv), and hands it to the plugin as a `Secret`.
struct Field {
  std::string id;
  std::string label;
  FieldType type = FieldType::text;
  bool required = true;
  std::string help;
  std::vector<Choice> choices;  // for select
};

struct Form {
  std::string id;
  std::string title;
  std::vector<Field> fields;
  std::string submit_label;  // e.g. "Connect"
};

enum class InstallationState : std::uint8_t { not_installed, connected, needs_reauth, error };

constexpr std::string_view to_string(InstallationState state) noexcept {
  switch (state) {
    case InstallationState::not_installed: return "not_installed";
    case InstallationState::connected: return "connected";
    case InstallationState::needs_reauth: return "needs_reauth";
    case InstallationState::error: return "error";
  }
  return "error";
}

/// Well-known action ids; the CLI maps `integrations install|update-token|remove` to them.
namespace actions {
inline constexpr std::string_view install = "install";
inline constexpr std::string_view update_token = "update-token";
inline constexpr std::string_view remove = "remove";
}  // namespace actions

/// Something the user can do. "install" is the Install App button; the others appear under More Options.
struct ActionSpec {
  std::string id;
  std::string label;
  std::string description;
  std::string form;                           // id of the form to fill first, empty for none
  std::vector<InstallationState> offered_in;  // the states in which the action is offered
  bool confirm = false;                       // ask "are you sure?" first (e.g. remove)
};

struct Descriptor {
  EntryInfo entry;
  std::vector<Form> forms;
  std::vector<ActionSpec> actions;

  [[nodiscard]] const Form* find_form(std::string_view id) const noexcept {
    for (const auto& form : forms) {
      if (form.id == id) return &form;
    }
    return nullptr;
  }
  [[nodiscard]] const ActionSpec* find_action(std::string_view id) const noexcept {
    for (const auto& action : actions) {
      if (action.id == id) return &action;
    }
    return nullptr;
  }
};

// ---- Calls about one installation --------------------------------------------------------------------------------

/// What every call about one restaurant carries. The references are valid for the duration of the call only.
struct Request {
  std::string installation_id;
  Actor actor;
  InstallationStorage& storage;  // scoped to this plugin and installation
};

/// The values of the action's form, checked by the host against the form: required fields present, select values
/// among the choices, numbers numeric. Secret fields are in `secrets`, all others in `fields`.
struct FormValues {
  std::map<std::string, std::string, std::less<>> fields;
  std::map<std::string, Secret, std::less<>> secrets;
};

/// Since SDK 1.1: where a long action (a sync) reports how far it has got, for the host to show (a progress bar
/// in the CLI). Called on the action's thread; must be cheap.
class BOOST_SYMBOL_VISIBLE ProgressReporter {
 public:
  virtual ~ProgressReporter() = default;
  /// `done` of `total` units of `what` (e.g. "receipts"); total may grow while the action runs.
  virtual void report(std::uint64_t done, std::uint64_t total, std::string_view what) noexcept = 0;
};

struct ActionRequest : Request {
  std::string action;  // an id from Descriptor::actions
  FormValues values;
  // Since SDK 1.1 (appended: a plugin built against 1.0 never reads it).
  ProgressReporter* progress = nullptr;  // may be null: then nobody is watching
};

/// A label and a value the host shows as is ("Company", "Acme Diner").
struct Fact {
  std::string label;
  std::string value;
};

/// What the Integrations section shows for one installation.
struct InstallationStatus {
  InstallationState state = InstallationState::not_installed;
  std::string summary;              // one line, e.g. "Connected to ... (3 locations)"
  std::vector<Fact> facts;          // shown in order by human-facing UIs
  std::string details_json = "{}";  // a JSON object merged into machine-readable output; no secrets
  std::string last_error;           // the last failure the user should know about, empty for none
  std::string hint;                 // what to do next, empty for none
};

struct ActionOutcome {
  std::string message;  // shown to the user, e.g. "Connected to 7shifts company 'Acme' (2 locations)"
};

/// The interface a plugin implements. One instance serves every restaurant.
///
/// Ownership: made by the plugin's factory, owned by the host, destroyed before the library is unloaded.
/// Threading: any method may be called from any host thread, concurrently (also for one installation); the
/// implementation synchronises its own shared state. Failure: methods return a Result and never throw; the
/// EATOS_PLUGIN macro adds a barrier that turns a stray exception into Code::internal inside the plugin.
class BOOST_SYMBOL_VISIBLE Integration {
 public:
  virtual ~Integration() = default;

  /// Called once after the factory; the host keeps the copy.
  virtual Result<Descriptor> describe() const = 0;
  /// The state of one installation, for the Integrations section.
  virtual Result<InstallationStatus> status(const Request& request) = 0;
  /// Performs an action. The host has already checked the actor's role and that the action is offered in the
  /// current state, and validated the form values against the form.
  virtual Result<ActionOutcome> act(ActionRequest& request) = 0;

  /// Since SDK 1.1. A long-running host (a server, not a one-shot command) calls this once after loading the
  /// plugin, so that it can schedule its background work (syncing) on the host Scheduler. One-shot commands never
  /// call it, so they start nothing in the background. Hosts call it only on plugins built against 1.1 or newer.
  virtual Status start_background_work() { return {}; }
};

EATOS_SDK_END_NAMESPACE
