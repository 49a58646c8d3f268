#include "loader/plugin_loader.hpp"

#include <cstring>
#include <exception>
#include <set>
#include <system_error>

#include "eatos/sdk/plugin.hpp"

namespace eatos::host {
namespace {

namespace dll = boost::dll;

std::string sdk_mismatch(const std::string& subject, SdkVersion theirs) {
  const SdkVersion ours = host_sdk_version();
  if (theirs.major != ours.major) {
    return subject + " SDK " + theirs.to_string() + ", but this host implements SDK " + ours.to_string() +
           " (major versions differ)";
  }
  if (theirs.minor > ours.minor) {
    return subject + " SDK " + theirs.to_string() + ", newer than this host's SDK " + ours.to_string() +
           " (update the host)";
  }
  return {};
}

/// The probe's contents, checked without running any plugin code.
std::string check_probe(const eatos_abi_probe& probe) {
  if (probe.magic != EATOS_ABI_PROBE_MAGIC) return "its ABI probe is damaged (bad magic number)";
  if (auto mismatch = sdk_mismatch("it was built against", {probe.sdk_major, probe.sdk_minor}); !mismatch.empty()) {
    return mismatch;
  }
  const auto toolchain_length = strnlen(probe.toolchain, sizeof probe.toolchain);
  const std::string toolchain(probe.toolchain, toolchain_length);
  if (toolchain_length == sizeof probe.toolchain || toolchain != EATOS_SDK_TOOLCHAIN) {
    return "it was built for C++ library ABI '" + toolchain + "', this host uses '" + EATOS_SDK_TOOLCHAIN + "'";
  }
  return {};
}

/// The descriptor must agree with the manifest and be internally consistent, or the host could not render it.
std::string check_descriptor(const sdk::Descriptor& descriptor, const Manifest& manifest) {
  if (descriptor.entry.id != manifest.id) {
    return "it describes itself as '" + descriptor.entry.id + "' but its manifest says '" + manifest.id + "'";
  }
  if (descriptor.entry.name.empty()) return "its entry has no name";
  std::set<std::string> form_ids;
  for (const auto& form : descriptor.forms) {
    if (form.id.empty() || !form_ids.insert(form.id).second) return "form id '" + form.id + "' is empty or repeated";
    std::set<std::string> field_ids;
    for (const auto& field : form.fields) {
      if (field.id.empty() || !field_ids.insert(field.id).second) {
        return "form '" + form.id + "': field id '" + field.id + "' is empty or repeated";
      }
      if (field.type == sdk::FieldType::select && field.choices.empty()) {
        return "form '" + form.id + "': select field '" + field.id + "' has no choices";
      }
    }
  }
  std::set<std::string> action_ids;
  for (const auto& action : descriptor.actions) {
    if (action.id.empty() || !action_ids.insert(action.id).second) {
      return "action id '" + action.id + "' is empty or repeated";
    }
    if (!action.form.empty() && descriptor.find_form(action.form) == nullptr) {
      return "action '" + action.id + "' names form '" + action.form + "', which it does not describe";
    }
    if (action.offered_in.empty()) return "action '" + action.id + "' is offered in no state";
  }
  return {};
}

}  // namespace

SdkVersion host_sdk_version() noexcept { return {EATOS_SDK_VERSION_MAJOR, EATOS_SDK_VERSION_MINOR}; }

LoadedPlugin::LoadedPlugin(dll::shared_library library, SdkVersion built_against,
                           std::unique_ptr<PluginServices> services, std::unique_ptr<sdk::Integration> integration)
    : library_(std::move(library)),
      built_against_(built_against),
      services_(std::move(services)),
      integration_(std::move(integration)) {}

sdk::Status LoadedPlugin::start_background_work() {
  if (built_against_.major == 1 && built_against_.minor < 1) return {};  // not in its vtable
  try {
    return integration_->start_background_work();
  } catch (const std::exception& e) {  // a plugin that bypassed the macro's barrier
    return {sdk::Code::internal, "The integration could not start its background work.", e.what()};
  }
}

LoadedPlugin::~LoadedPlugin() {
  services_->stop_tasks();
  integration_.reset();
  services_.reset();
  // library_ unloads last, as the final member destroyed.
}

LoadOutcome load_plugin(const Manifest& manifest, const std::filesystem::path& library_path, HostContext& host) {
  if (auto mismatch = sdk_mismatch("its manifest requires", manifest.sdk); !mismatch.empty()) return mismatch;

  std::error_code fs_error;
  if (!std::filesystem::is_regular_file(library_path, fs_error)) {
    return "library " + manifest.library + " not found at " + library_path.string();
  }

  dll::shared_library library;
  try {
    // RTLD_LOCAL keeps each plugin's symbols to itself; never RTLD_DEEPBIND (it breaks the sanitizers).
    library.load(library_path, dll::load_mode::rtld_now | dll::load_mode::rtld_local);
  } catch (const std::exception& e) {
    return "cannot load " + library_path.string() + ": " + e.what();
  }

  if (!library.has(EATOS_ABI_PROBE_SYMBOL)) {
    return library_path.string() + " has no " + EATOS_ABI_PROBE_SYMBOL +
           " symbol: it was not built with the EATOS_PLUGIN macro";
  }
  const auto& probe = library.get<const eatos_abi_probe>(EATOS_ABI_PROBE_SYMBOL);
  if (auto problem = check_probe(probe); !problem.empty()) return library_path.string() + ": " + problem;
  const SdkVersion built_against{probe.sdk_major, probe.sdk_minor};
  if (!library.has(EATOS_PLUGIN_FACTORY_SYMBOL)) {
    return library_path.string() + " has no " + EATOS_PLUGIN_FACTORY_SYMBOL + " entry";
  }

  auto services = std::make_unique<PluginServices>(host, manifest.id);
  sdk::Result<std::unique_ptr<sdk::Integration>> made = sdk::Status(sdk::Code::internal, "", "factory not called");
  try {
    auto& factory = library.get_alias<sdk::PluginFactory>(EATOS_PLUGIN_FACTORY_SYMBOL);
    made = factory(*services);
  } catch (const std::exception& e) {  // a plugin that bypassed the macro's barrier
    return library_path.string() + ": its factory threw: " + e.what();
  } catch (...) {
    return library_path.string() + ": its factory threw an unknown exception";
  }
  if (!made) return library_path.string() + ": its factory failed: " + made.status().detail();

  // From here on, anything made by the plugin is owned by a LoadedPlugin so it dies before the library does.
  auto loaded =
      std::make_unique<LoadedPlugin>(std::move(library), built_against, std::move(services), std::move(*made));
  sdk::Result<sdk::Descriptor> descriptor = sdk::Status(sdk::Code::internal, "", "describe not called");
  try {
    descriptor = loaded->integration().describe();
  } catch (const std::exception& e) {
    return library_path.string() + ": describe() threw: " + e.what();
  }
  if (!descriptor) return library_path.string() + ": describe() failed: " + descriptor.status().detail();
  if (auto problem = check_descriptor(*descriptor, manifest); !problem.empty()) {
    return library_path.string() + ": " + problem;
  }
  loaded->set_descriptor(std::move(*descriptor));
  return loaded;
}

}  // namespace eatos::host
