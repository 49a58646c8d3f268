// A manifests directory and a plugins directory made for one test, filled with manifests and fixture libraries.
#pragma once

#include <boost/json.hpp>
#include <filesystem>
#include <string>

#include "files.hpp"
#include "temp_dir.hpp"

namespace eatos::testing {

/// Paths of built libraries, passed in by CMake.
inline std::filesystem::path fixture_library(const std::string& file_name) {
  return std::filesystem::path(EATOS_FIXTURES_DIR) / file_name;
}
inline std::filesystem::path sevenshifts_library() { return EATOS_7SHIFTS_PLUGIN; }
inline std::filesystem::path sevenshifts_http_module() { return EATOS_7SHIFTS_HTTP_MODULE; }
inline std::filesystem::path sevenshifts_manifest() { return EATOS_7SHIFTS_MANIFEST; }

/// A valid manifest for `id` naming `library`; tests change fields from there.
inline boost::json::object manifest_json(const std::string& id, const std::string& library) {
  return {{"schema_version", 1},
          {"id", id},
          {"name", id == "demo" ? "Demo" : id},
          {"version", "1.0.0"},
          {"sdk", "1.0"},
          {"library", library},
          {"category", "Testing"},
          {"description", "A test integration."},
          {"icon", "icons/" + id + ".svg"},
          {"publisher", "eatOS tests"},
          {"permissions", boost::json::array{"owner", "admin"}}};
}

class PluginSandbox {
 public:
  [[nodiscard]] std::filesystem::path manifests() const { return root_ / "manifests"; }
  [[nodiscard]] std::filesystem::path plugins() const { return root_ / "plugins"; }
  [[nodiscard]] std::filesystem::path data() const { return root_ / "data"; }

  void add_manifest(const std::string& file_name, const boost::json::object& manifest) const {
    write_file(manifests() / file_name, boost::json::serialize(manifest));
  }
  void add_manifest_text(const std::string& file_name, const std::string& text) const {
    write_file(manifests() / file_name, text);
  }
  /// Copies a built library into the plugins dir under `file_name`.
  void add_library(const std::filesystem::path& built, const std::string& file_name) const {
    std::filesystem::create_directories(plugins());
    std::filesystem::copy_file(built, plugins() / file_name, std::filesystem::copy_options::overwrite_existing);
  }
  /// The real 7Shift manifest and plugin, as the build produced them.
  void add_sevenshifts() const {
    add_manifest_text("7shifts.json", read_file(sevenshifts_manifest()));
    const auto icon = sevenshifts_manifest().parent_path() / "icons" / "7shifts.svg";
    write_file(manifests() / "icons" / "7shifts.svg", read_file(icon));
    add_library(sevenshifts_library(), "libeatos_7shifts.so");
    add_library(sevenshifts_http_module(), "libeatos_7shifts_http.so");
  }
  /// The demo fixture under id "demo".
  void add_demo() const {
    add_manifest("demo.json", manifest_json("demo", "libdemo.so"));
    add_library(fixture_library("libfixture_demo.so"), "libdemo.so");
  }

 private:
  TempDir root_;
};

}  // namespace eatos::testing
