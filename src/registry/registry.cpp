#include "registry/registry.hpp"

#include <algorithm>
#include <map>
#include <system_error>

namespace eatos::host {
namespace {

std::vector<std::filesystem::path> manifest_files(const std::filesystem::path& dir,
                                                  std::vector<std::string>& problems) {
  std::vector<std::filesystem::path> files;
  std::error_code error;
  std::filesystem::directory_iterator it(dir, error);
  if (error) {
    problems.push_back("cannot read manifests directory " + dir.string() + ": " + error.message());
    return files;
  }
  for (const auto& entry : it) {
    if (entry.path().extension() == ".json" && entry.is_regular_file(error)) files.push_back(entry.path());
  }
  std::sort(files.begin(), files.end());
  return files;
}

}  // namespace

Registry Registry::discover(const std::filesystem::path& manifests_dir, const std::filesystem::path& plugins_dir,
                            HostContext& host) {
  Registry registry;
  std::map<std::string, std::filesystem::path> owners;  // integration id -> the manifest that declared it first

  for (const auto& file : manifest_files(manifests_dir, registry.problems_)) {
    PluginRecord record;
    record.manifest_file = file;
    auto reading = read_manifest(file);
    if (!reading.manifest) {
      record.problems = std::move(reading.problems);
    } else if (auto [owner, inserted] = owners.emplace(reading.manifest->id, file); !inserted) {
      record.problems.push_back("duplicate id '" + reading.manifest->id + "': already declared by " +
                                owner->second.string() + " (this manifest is ignored)");
    } else {
      record.library_path = plugins_dir / reading.manifest->library;
      record.manifest = std::move(reading.manifest);
      auto outcome = load_plugin(*record.manifest, record.library_path, host);
      if (auto* loaded = std::get_if<std::unique_ptr<LoadedPlugin>>(&outcome)) {
        record.loaded = std::move(*loaded);
      } else {
        record.problems.push_back(std::get<std::string>(outcome));
      }
    }
    for (const auto& problem : record.problems) {
      host.log().write("host", sdk::LogLevel::warning, "plugin not loaded: " + file.string() + ": " + problem);
    }
    registry.records_.push_back(std::move(record));
  }
  return registry;
}

Registry::~Registry() {
  while (!records_.empty()) records_.pop_back();  // reverse load order
}

PluginRecord* Registry::find_loaded(std::string_view id) noexcept {
  for (auto& record : records_) {
    if (record.is_loaded() && record.manifest->id == id) return &record;
  }
  return nullptr;
}

std::vector<std::string> Registry::start_background_work() {
  std::vector<std::string> failures;
  for (auto& record : records_) {
    if (!record.loaded) continue;
    if (auto started = record.loaded->start_background_work(); !started.ok()) {
      failures.push_back(record.manifest->id + ": " + started.message() + " (" + started.detail() + ")");
    }
  }
  return failures;
}

}  // namespace eatos::host
