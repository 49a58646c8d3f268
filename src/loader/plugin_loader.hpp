// Opens one plugin library named by a valid manifest, with every check in the order that keeps the host safe:
// manifest SDK version, library present, dlopen (RTLD_NOW | RTLD_LOCAL), ABI probe read *before* any plugin code
// runs, factory (exceptions caught), descriptor consistent with the manifest.
#pragma once

#include <boost/dll/shared_library.hpp>
#include <filesystem>
#include <memory>
#include <string>
#include <variant>

#include "eatos/sdk/integration.hpp"
#include "loader/host_context.hpp"
#include "loader/plugin_services.hpp"
#include "manifest/manifest.hpp"

namespace eatos::host {

/// The SDK this host implements.
[[nodiscard]] SdkVersion host_sdk_version() noexcept;

/// A plugin that loaded. Owns its library and everything made from it, and tears them down in a safe order:
/// tasks cancelled, Integration destroyed, services destroyed, library unloaded last.
class LoadedPlugin {
 public:
  LoadedPlugin(boost::dll::shared_library library, SdkVersion built_against, std::unique_ptr<PluginServices> services,
               std::unique_ptr<sdk::Integration> integration);
  LoadedPlugin(const LoadedPlugin&) = delete;
  LoadedPlugin& operator=(const LoadedPlugin&) = delete;
  ~LoadedPlugin();

  [[nodiscard]] const sdk::Descriptor& descriptor() const noexcept { return descriptor_; }
  [[nodiscard]] sdk::Integration& integration() noexcept { return *integration_; }
  [[nodiscard]] PluginServices& services() noexcept { return *services_; }
  /// The SDK version in the plugin's probe: which SDK methods it implements.
  [[nodiscard]] SdkVersion built_against() const noexcept { return built_against_; }
  /// Lets the plugin start its background work (SDK 1.1); a no-op for plugins built against 1.0, whose
  /// Integration has no such method. Returns the plugin's status.
  sdk::Status start_background_work();
  /// Set once, after describe() succeeded and was checked.
  void set_descriptor(sdk::Descriptor descriptor) { descriptor_ = std::move(descriptor); }

 private:
  boost::dll::shared_library library_;  // first member: destroyed last
  SdkVersion built_against_;
  std::unique_ptr<PluginServices> services_;
  std::unique_ptr<sdk::Integration> integration_;
  sdk::Descriptor descriptor_;  // plain data copied out of the plugin; safe after unload
};

/// The loaded plugin, or why it could not be loaded (one sentence naming the file and the cause).
using LoadOutcome = std::variant<std::unique_ptr<LoadedPlugin>, std::string>;

[[nodiscard]] LoadOutcome load_plugin(const Manifest& manifest, const std::filesystem::path& library_path,
                                      HostContext& host);

}  // namespace eatos::host
