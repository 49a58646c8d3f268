// What the host found at startup: every manifest in the manifests directory and, for each, the loaded plugin or
// the reason it is not loaded. One bad manifest or library never stops the host nor hides the good ones.
//
// Owns every LoadedPlugin; destroys them (in reverse load order) before the HostContext they use.
#pragma once

#include <filesystem>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "loader/host_context.hpp"
#include "loader/plugin_loader.hpp"
#include "manifest/manifest.hpp"

namespace eatos::host {

struct PluginRecord {
  std::filesystem::path manifest_file;
  std::optional<Manifest> manifest;    // set when the manifest is valid
  std::filesystem::path library_path;  // set when the manifest is valid
  std::unique_ptr<LoadedPlugin> loaded;
  std::vector<std::string> problems;  // why it is not loaded; empty when loaded

  [[nodiscard]] bool is_loaded() const noexcept { return loaded != nullptr; }
};

class Registry {
 public:
  /// Reads every *.json in `manifests_dir` (in name order) and loads each valid one's library from `plugins_dir`.
  /// A missing or unreadable manifests directory is itself reported as a problem, not thrown.
  static Registry discover(const std::filesystem::path& manifests_dir, const std::filesystem::path& plugins_dir,
                           HostContext& host);

  Registry(Registry&&) noexcept = default;
  Registry& operator=(Registry&&) noexcept = delete;
  Registry(const Registry&) = delete;
  Registry& operator=(const Registry&) = delete;
  ~Registry();

  [[nodiscard]] const std::vector<PluginRecord>& records() const noexcept { return records_; }
  [[nodiscard]] std::vector<PluginRecord>& records() noexcept { return records_; }
  [[nodiscard]] const std::vector<std::string>& problems() const noexcept { return problems_; }
  /// The loaded plugin with this integration id, or null.
  [[nodiscard]] PluginRecord* find_loaded(std::string_view id) noexcept;
  /// What a long-running host does once after discovery: lets every loaded plugin start its background work.
  /// Returns one line per plugin that failed to, naming it.
  std::vector<std::string> start_background_work();

 private:
  Registry() = default;

  std::vector<PluginRecord> records_;
  std::vector<std::string> problems_;  // problems with the directories themselves
};

}  // namespace eatos::host
