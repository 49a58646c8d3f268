// Reading and searching files in tests: the "grep the data dir for the token" checks.
#pragma once

#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <string_view>
#include <vector>

namespace eatos::testing {

inline std::string read_file(const std::filesystem::path& file) {
  std::ifstream in(file, std::ios::binary);
  std::ostringstream text;
  text << in.rdbuf();
  return text.str();
}

inline void write_file(const std::filesystem::path& file, std::string_view text) {
  std::filesystem::create_directories(file.parent_path());
  std::ofstream out(file, std::ios::binary | std::ios::trunc);
  out << text;
}

/// Every regular file under `dir` (recursively) whose bytes contain `needle`.
inline std::vector<std::filesystem::path> files_containing(const std::filesystem::path& dir, std::string_view needle) {
  std::vector<std::filesystem::path> hits;
  if (!std::filesystem::exists(dir)) return hits;
  for (const auto& entry : std::filesystem::recursive_directory_iterator(dir)) {
    if (entry.is_regular_file() && read_file(entry.path()).find(needle) != std::string::npos) {
      hits.push_back(entry.path());
    }
  }
  return hits;
}

/// Every regular file under `dir`, for "nothing new was stored" checks.
inline std::vector<std::filesystem::path> all_files(const std::filesystem::path& dir) {
  std::vector<std::filesystem::path> files;
  if (!std::filesystem::exists(dir)) return files;
  for (const auto& entry : std::filesystem::recursive_directory_iterator(dir)) {
    if (entry.is_regular_file()) files.push_back(entry.path());
  }
  return files;
}

}  // namespace eatos::testing
