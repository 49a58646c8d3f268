#include "integrations/integrations_section.hpp"

#include <algorithm>
#include <exception>
#include <utility>

#include "storage/store.hpp"

namespace eatos::host {
namespace {

using sdk::Code;
using sdk::Status;

constexpr std::size_t max_field_length = 4096;

bool is_offered(const sdk::ActionSpec& action, sdk::InstallationState state) {
  return std::find(action.offered_in.begin(), action.offered_in.end(), state) != action.offered_in.end();
}

std::string state_words(sdk::InstallationState state) {
  switch (state) {
    case sdk::InstallationState::not_installed: return "not installed";
    case sdk::InstallationState::connected: return "connected";
    case sdk::InstallationState::needs_reauth: return "waiting for a new token";
    case sdk::InstallationState::error: return "in error";
  }
  return "in error";
}

bool is_number(std::string_view text) {
  if (!text.empty() && (text.front() == '-' || text.front() == '+')) text.remove_prefix(1);
  bool digits = false;
  bool point = false;
  for (const char c : text) {
    if (c >= '0' && c <= '9') {
      digits = true;
    } else if (c == '.' && !point) {
      point = true;
    } else {
      return false;
    }
  }
  return digits;
}

std::string join_ids(const std::vector<std::string>& ids) {
  std::string text;
  for (const auto& id : ids) text += (text.empty() ? "" : ", ") + id;
  return text;
}

/// "owners and admins": the roles as people say them.
std::string role_list(const std::vector<sdk::Role>& roles) {
  std::string text;
  for (std::size_t i = 0; i < roles.size(); ++i) {
    if (i > 0) text += i + 1 == roles.size() ? " and " : ", ";
    text += sdk::to_string(roles[i]);
    if (roles[i] != sdk::Role::staff) text += 's';
  }
  return text;
}

/// Calls into the plugin with a last-resort catch for a plugin that bypassed the SDK's exception barrier.
template <class Call>
auto call_plugin(Call&& call) -> decltype(call()) {
  try {
    return call();
  } catch (const std::exception& e) {
    return Status(Code::internal, "The integration failed unexpectedly.", std::string("plugin threw: ") + e.what());
  } catch (...) {
    return Status(Code::internal, "The integration failed unexpectedly.", "plugin threw an unknown exception");
  }
}

}  // namespace

Status check_form_values(const sdk::Form* form, const sdk::FormValues& values) {
  const auto find_field = [&](std::string_view id) -> const sdk::Field* {
    if (form == nullptr) return nullptr;
    for (const auto& field : form->fields) {
      if (field.id == id) return &field;
    }
    return nullptr;
  };
  const auto unknown = [&](const std::string& id) {
    std::vector<std::string> ids;
    if (form != nullptr) {
      for (const auto& field : form->fields) ids.push_back(field.id);
    }
    return Status(Code::invalid_argument,
                  "Unknown field '" + id + "'" +
                      (ids.empty() ? "; this action takes no input." : "; expected one of: " + join_ids(ids) + "."),
                  "form value rejected");
  };

  for (const auto& entry : values.fields) {
    const std::string& id = entry.first;
    const std::string& value = entry.second;  // a plain reference: clang 14 cannot capture structured bindings
    const sdk::Field* field = find_field(id);
    if (field == nullptr) return unknown(id);
    if (field->type == sdk::FieldType::secret) {
      return {Code::invalid_argument, "'" + field->label + "' is a secret and cannot be given as a plain field.",
              "secret field given as plain value"};
    }
    if (value.size() > max_field_length) {
      return {Code::invalid_argument, "'" + field->label + "' is longer than 4096 characters.", "field too long"};
    }
    if (field->type == sdk::FieldType::number && !value.empty() && !is_number(value)) {
      return {Code::invalid_argument, "'" + field->label + "' must be a number.", "not a number"};
    }
    if (field->type == sdk::FieldType::select && !value.empty()) {
      const bool listed = std::any_of(field->choices.begin(), field->choices.end(),
                                      [&](const sdk::Choice& choice) { return choice.value == value; });
      if (!listed) {
        std::vector<std::string> choices;
        for (const auto& choice : field->choices) choices.push_back(choice.value);
        return {Code::invalid_argument, "'" + field->label + "' must be one of: " + join_ids(choices) + ".",
                "select value not among choices"};
      }
    }
  }
  for (const auto& [id, secret] : values.secrets) {
    const sdk::Field* field = find_field(id);
    if (field == nullptr) return unknown(id);
    if (field->type != sdk::FieldType::secret) {
      return {Code::invalid_argument, "'" + field->label + "' is not a secret field.", "plain field given as secret"};
    }
  }
  if (form != nullptr) {
    for (const auto& field : form->fields) {
      if (!field.required) continue;
      const bool present = field.type == sdk::FieldType::secret
                               ? values.secrets.count(field.id) != 0
                               : values.fields.count(field.id) != 0 && !values.fields.at(field.id).empty();
      if (!present) return {Code::invalid_argument, "'" + field.label + "' is required.", "required field missing"};
    }
  }
  return {};
}

sdk::Result<PluginRecord*> IntegrationsSection::find(std::string_view id) {
  if (PluginRecord* record = registry_.find_loaded(id)) return record;
  return Status(Code::not_found, "No integration '" + std::string(id) + "' is available; see 'integrations list'.",
                "unknown integration id");
}

sdk::Result<IntegrationView> IntegrationsSection::view(PluginRecord& plugin, const std::string& restaurant,
                                                       const sdk::Actor& actor) {
  auto store = host_.store();
  if (!store) return store.status();
  auto storage = (*store)->installation(plugin.manifest->id, restaurant);
  if (!storage) return storage.status();

  const sdk::Request request{restaurant, actor, **storage};
  auto status = call_plugin([&] { return plugin.loaded->integration().status(request); });
  IntegrationView result{&*plugin.manifest, &plugin.loaded->descriptor(), {}, {}};
  if (status) {
    result.status = std::move(*status);
  } else {
    host_.log().write(plugin.manifest->id, sdk::LogLevel::error, "status failed: " + status.status().detail());
    result.status.state = sdk::InstallationState::error;
    result.status.summary = "The integration could not report its state.";
    result.status.last_error = status.status().message();
  }
  for (const auto& action : result.descriptor->actions) {
    if (is_offered(action, result.status.state)) result.options.push_back(&action);
  }
  return result;
}

sdk::Result<std::vector<IntegrationView>> IntegrationsSection::list(const std::string& restaurant,
                                                                    const sdk::Actor& actor) {
  std::vector<IntegrationView> views;
  for (auto& record : registry_.records()) {
    if (!record.is_loaded()) continue;
    auto one = view(record, restaurant, actor);
    if (!one) return one.status();
    views.push_back(std::move(*one));
  }
  return views;
}

sdk::Result<IntegrationView> IntegrationsSection::show(const std::string& restaurant, const sdk::Actor& actor,
                                                       std::string_view id) {
  auto plugin = find(id);
  if (!plugin) return plugin.status();
  return view(**plugin, restaurant, actor);
}

sdk::Result<PreparedAction> IntegrationsSection::prepare(const std::string& restaurant, const sdk::Actor& actor,
                                                         std::string_view id, std::string_view action_id) {
  auto plugin = find(id);
  if (!plugin) return plugin.status();
  const Manifest& manifest = *(*plugin)->manifest;
  const sdk::Descriptor& descriptor = (*plugin)->loaded->descriptor();

  const sdk::ActionSpec* action = descriptor.find_action(action_id);
  if (action == nullptr) {
    std::vector<std::string> ids;
    for (const auto& known : descriptor.actions) ids.push_back(known.id);
    return Status(Code::not_found,
                  manifest.name + " has no action '" + std::string(action_id) + "'; it offers: " + join_ids(ids) + ".",
                  "unknown action");
  }
  if (!manifest.permits(actor.role)) {
    return Status(Code::permission_denied,
                  "Only " + role_list(manifest.permissions) + " may manage " + manifest.name +
                      "; you are signed in as " + std::string(sdk::to_string(actor.role)) + ".",
                  "role not in manifest permissions");
  }

  auto current = view(**plugin, restaurant, actor);
  if (!current) return current.status();
  const auto state = current->status.state;
  if (!is_offered(*action, state)) {
    if (state == sdk::InstallationState::not_installed) {
      return Status(Code::not_found,
                    manifest.name + " is not installed for restaurant '" + restaurant + "', so there is nothing to " +
                        action->label + ".",
                    "action not offered when not installed");
    }
    std::vector<std::string> ids;
    for (const auto* option : current->options) ids.push_back(option->id);
    return Status(Code::conflict,
                  "'" + action->label + "' is not available while " + manifest.name + " is " + state_words(state) +
                      (ids.empty() ? "." : "; available now: " + join_ids(ids) + "."),
                  "action not offered in state " + std::string(sdk::to_string(state)));
  }
  const sdk::Form* form = action->form.empty() ? nullptr : descriptor.find_form(action->form);
  return PreparedAction{*plugin, action, form};
}

sdk::Result<sdk::ActionOutcome> IntegrationsSection::run(const std::string& restaurant, const sdk::Actor& actor,
                                                         std::string_view id, std::string_view action_id,
                                                         sdk::FormValues values, sdk::ProgressReporter* progress) {
  // Checked again even when the caller prepared the action already: the state may have changed meanwhile (the
  // CLI prepares before prompting for a token, and another process or browser tab may act in between).
  auto prepared = prepare(restaurant, actor, id, action_id);
  if (!prepared) return prepared.status();
  if (auto valid = check_form_values(prepared->form, values); !valid.ok()) return valid;
  for (const auto& [name, secret] : values.secrets) host_.redactor().remember(secret.expose());

  auto store = host_.store();
  if (!store) return store.status();
  auto storage = (*store)->installation(prepared->plugin->manifest->id, restaurant);
  if (!storage) return storage.status();

  sdk::ActionRequest request{{restaurant, actor, **storage}, std::string(action_id), std::move(values), progress};
  auto outcome = call_plugin([&] { return prepared->plugin->loaded->integration().act(request); });

  const std::string subject = "restaurant " + restaurant + ", " + std::string(sdk::to_string(actor.role)) + " " +
                              actor.user_id + ", action " + std::string(action_id);
  if (outcome) {
    host_.log().write(prepared->plugin->manifest->id, sdk::LogLevel::info, subject + ": ok");
  } else {
    const auto& failure = outcome.status();
    host_.log().write(prepared->plugin->manifest->id, sdk::LogLevel::warning,
                      subject + ": " + std::string(sdk::to_string(failure.code())) + ": " + failure.message() +
                          (failure.detail().empty() ? "" : " (" + failure.detail() + ")"));
  }
  return outcome;
}

}  // namespace eatos::host
