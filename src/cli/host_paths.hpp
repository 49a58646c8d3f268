// Where the host finds its manifests, plugins and data when no flag says otherwise.
#pragma once

#include <filesystem>
#include <optional>
#include <string>

namespace eatos::host {

struct HostPaths {
  std::filesystem::path manifests_dir;
  std::filesystem::path plugins_dir;
  std::filesystem::path data_dir;
  std::filesystem::path web_dir;  // the dashboard's front end
};

/// Manifests: $EATOS_MANIFESTS_DIR, else <bin>/../share/eatos/manifests. Plugins: $EATOS_PLUGINS_DIR, else
/// <bin>/../lib/eatos/plugins (the build tree and an install share this layout). Web front end: $EATOS_WEB_DIR, else
/// <bin>/../share/eatos/web. Data: `data_dir_flag`, else
/// $EATOS_DATA_DIR, else $XDG_DATA_HOME/eatos-host, else ~/.local/share/eatos-host.
/// Fails (nullopt, with `error` set) only when no data dir can be determined.
std::optional<HostPaths> resolve_host_paths(const std::string& data_dir_flag, std::string& error);

}  // namespace eatos::host
