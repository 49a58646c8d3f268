// Integration manifests (manifests/*.json): read before any library is opened.
//
// A manifest says what an integration is (id, name, category, ...), which library implements it, which SDK it
// needs and which roles may manage it. `read_manifest` reports every problem at once, each naming its field.
#pragma once

#include <filesystem>
#include <optional>
#include <string>
#include <vector>

#include "eatos/sdk/integration.hpp"

namespace eatos::host {

struct SdkVersion {
  unsigned major = 0;
  unsigned minor = 0;
  [[nodiscard]] std::string to_string() const { return std::to_string(major) + "." + std::to_string(minor); }
};

struct Manifest {
  static constexpr int supported_schema_version = 1;

  std::filesystem::path file;
  std::string id;
  std::string name;
  std::string version;
  SdkVersion sdk;
  std::string library;  // a file name, resolved in the plugins directory
  std::string category;
  std::string description;
  std::string icon;  // a path relative to the manifests directory
  std::string publisher;
  std::vector<sdk::Role> permissions;  // roles that may run the integration's actions

  [[nodiscard]] bool permits(sdk::Role role) const;
};

struct ManifestReading {
  std::optional<Manifest> manifest;   // set when there are no problems
  std::vector<std::string> problems;  // each "field 'x': what is wrong" or a whole-file problem
};

[[nodiscard]] ManifestReading read_manifest(const std::filesystem::path& file);
/// The same checks on text already read (tests, and files read elsewhere).
[[nodiscard]] ManifestReading parse_manifest(const std::string& text, const std::filesystem::path& file);

}  // namespace eatos::host
