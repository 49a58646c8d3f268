#include "cli/host_paths.hpp"

#include <boost/dll/runtime_symbol_info.hpp>
#include <cstdlib>
#include <system_error>

namespace eatos::host {
namespace {

std::optional<std::filesystem::path> from_environment(const char* name) {
  const char* value = std::getenv(name);
  if (value == nullptr || *value == '\0') return std::nullopt;
  return std::filesystem::path(value);
}

std::filesystem::path beside_executable(const char* relative) {
  std::error_code error;
  const std::filesystem::path exe = boost::dll::program_location(error);
  return (exe.parent_path() / relative).lexically_normal();
}

}  // namespace

std::optional<HostPaths> resolve_host_paths(const std::string& data_dir_flag, std::string& error) {
  HostPaths paths;
  paths.manifests_dir =
      from_environment("EATOS_MANIFESTS_DIR").value_or(beside_executable(EATOS_RELATIVE_MANIFESTS_DIR));
  paths.plugins_dir = from_environment("EATOS_PLUGINS_DIR").value_or(beside_executable(EATOS_RELATIVE_PLUGINS_DIR));
  paths.web_dir = from_environment("EATOS_WEB_DIR").value_or(beside_executable(EATOS_RELATIVE_WEB_DIR));

  if (!data_dir_flag.empty()) {
    paths.data_dir = data_dir_flag;
  } else if (auto dir = from_environment("EATOS_DATA_DIR")) {
    paths.data_dir = *dir;
  } else if (auto xdg = from_environment("XDG_DATA_HOME")) {
    paths.data_dir = *xdg / "eatos-host";
  } else if (auto home = from_environment("HOME")) {
    paths.data_dir = *home / ".local" / "share" / "eatos-host";
  } else {
    error = "no data dir: pass --data-dir or set EATOS_DATA_DIR";
    return std::nullopt;
  }
  return paths;
}

}  // namespace eatos::host
