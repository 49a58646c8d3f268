#include "manifest/manifest.hpp"

#include <algorithm>
#include <boost/json.hpp>
#include <fstream>
#include <sstream>
#include <string_view>

namespace eatos::host {
namespace {

namespace json = boost::json;

constexpr std::size_t max_manifest_bytes = std::size_t{64} * 1024;

bool is_digit(char c) { return c >= '0' && c <= '9'; }

/// A non-empty run of digits without a leading zero (semver's rule), consumed from the front of `text`.
bool take_number(std::string_view& text, unsigned* value = nullptr) {
  std::size_t n = 0;
  while (n < text.size() && is_digit(text[n])) ++n;
  if (n == 0 || n > 9 || (n > 1 && text[0] == '0')) return false;
  if (value != nullptr) *value = static_cast<unsigned>(std::stoul(std::string(text.substr(0, n))));
  text.remove_prefix(n);
  return true;
}

bool is_semver(std::string_view text) {
  if (!take_number(text) || text.empty() || text[0] != '.') return false;
  text.remove_prefix(1);
  if (!take_number(text) || text.empty() || text[0] != '.') return false;
  text.remove_prefix(1);
  if (!take_number(text)) return false;
  if (text.empty()) return true;
  if (text[0] != '-' && text[0] != '+') return false;
  text.remove_prefix(1);
  return !text.empty() && std::all_of(text.begin(), text.end(), [](char c) {
    return is_digit(c) || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '.' || c == '-' || c == '+';
  });
}

std::optional<SdkVersion> parse_sdk_version(std::string_view text) {
  SdkVersion version;
  if (!take_number(text, &version.major) || text.empty() || text[0] != '.') return std::nullopt;
  text.remove_prefix(1);
  if (!take_number(text, &version.minor) || !text.empty()) return std::nullopt;
  return version;
}

bool is_integration_id(std::string_view id) {
  if (id.empty() || id.size() > 64 || id.front() == '-') return false;
  return std::all_of(id.begin(), id.end(), [](char c) { return (c >= 'a' && c <= 'z') || is_digit(c) || c == '-'; });
}

bool is_bare_file_name(std::string_view name) {
  return !name.empty() && name != "." && name != ".." && name.find('/') == std::string_view::npos &&
         name.find('\0') == std::string_view::npos;
}

bool is_relative_inside(std::string_view path) {
  if (path.empty() || path.front() == '/') return false;
  for (const auto& part : std::filesystem::path(path)) {
    if (part == "..") return false;
  }
  return true;
}

/// Collects problems while reading fields of one JSON object.
class FieldReader {
 public:
  FieldReader(const json::object& object, std::vector<std::string>& problems) : object_(object), problems_(problems) {}

  std::optional<std::string> string(std::string_view field, std::size_t max_length = 1024) {
    const json::value* value = object_.if_contains(field);
    if (value == nullptr) return missing(field, "a string");
    if (!value->is_string()) return wrong_type(field, "a string", *value);
    const auto& text = value->get_string();
    if (text.empty()) return problem(field, "must not be empty");
    if (text.size() > max_length) return problem(field, "is longer than " + std::to_string(max_length) + " characters");
    return std::string(text);
  }

  std::optional<std::int64_t> integer(std::string_view field) {
    const json::value* value = object_.if_contains(field);
    if (value == nullptr) return missing<std::int64_t>(field, "an integer");
    if (!value->is_int64() && !value->is_uint64()) return wrong_type<std::int64_t>(field, "an integer", *value);
    return value->to_number<std::int64_t>();
  }

  const json::array* array(std::string_view field) {
    const json::value* value = object_.if_contains(field);
    if (value == nullptr) {
      missing<int>(field, "an array");
      return nullptr;
    }
    if (!value->is_array()) {
      wrong_type<int>(field, "an array", *value);
      return nullptr;
    }
    return &value->get_array();
  }

  template <class T = std::string>
  std::optional<T> problem(std::string_view field, const std::string& what) {
    problems_.push_back("field '" + std::string(field) + "': " + what);
    return std::nullopt;
  }

 private:
  static std::string_view kind_of(const json::value& value) {
    switch (value.kind()) {
      case json::kind::null: return "null";
      case json::kind::bool_: return "a boolean";
      case json::kind::int64:
      case json::kind::uint64:
      case json::kind::double_: return "a number";
      case json::kind::string: return "a string";
      case json::kind::array: return "an array";
      case json::kind::object: return "an object";
    }
    return "something else";
  }
  template <class T = std::string>
  std::optional<T> missing(std::string_view field, std::string_view expected) {
    return problem<T>(field, "missing (expected " + std::string(expected) + ")");
  }
  template <class T = std::string>
  std::optional<T> wrong_type(std::string_view field, std::string_view expected, const json::value& value) {
    return problem<T>(field, "must be " + std::string(expected) + ", not " + std::string(kind_of(value)));
  }

  const json::object& object_;
  std::vector<std::string>& problems_;
};

}  // namespace

bool Manifest::permits(sdk::Role role) const {
  return std::find(permissions.begin(), permissions.end(), role) != permissions.end();
}

ManifestReading read_manifest(const std::filesystem::path& file) {
  std::ifstream in(file, std::ios::binary);
  if (!in) return {std::nullopt, {"cannot be read"}};
  std::string text(max_manifest_bytes + 1, '\0');
  in.read(text.data(), static_cast<std::streamsize>(text.size()));
  text.resize(static_cast<std::size_t>(in.gcount()));
  if (text.size() > max_manifest_bytes) return {std::nullopt, {"is larger than 64 KiB"}};
  return parse_manifest(text, file);
}

ManifestReading parse_manifest(const std::string& text, const std::filesystem::path& file) {
  ManifestReading reading;
  auto& problems = reading.problems;

  boost::system::error_code error;
  const json::value root = json::parse(text, error);
  if (error) {
    problems.push_back("is not valid JSON: " + error.message());
    return reading;
  }
  if (!root.is_object()) {
    problems.emplace_back("must be a JSON object");
    return reading;
  }

  FieldReader field(root.get_object(), problems);
  Manifest manifest;
  manifest.file = file;

  if (auto schema = field.integer("schema_version"); schema && *schema != Manifest::supported_schema_version) {
    field.problem<int>("schema_version", "is " + std::to_string(*schema) + "; this host reads version " +
                                             std::to_string(Manifest::supported_schema_version));
  }
  if (auto id = field.string("id", 64)) {
    if (is_integration_id(*id)) {
      manifest.id = *id;
    } else {
      field.problem("id", R"(must be lowercase letters, digits and '-' (e.g. "7shifts"))");
    }
  }
  if (auto name = field.string("name", 64)) manifest.name = *name;
  if (auto version = field.string("version", 64)) {
    if (is_semver(*version)) {
      manifest.version = *version;
    } else {
      field.problem("version", R"(must be a semantic version such as "1.2.0")");
    }
  }
  if (auto sdk_text = field.string("sdk", 16)) {
    if (auto sdk = parse_sdk_version(*sdk_text)) {
      manifest.sdk = *sdk;
    } else {
      field.problem("sdk", R"(must be the SDK version as "MAJOR.MINOR" (e.g. "1.0"))");
    }
  }
  if (auto library = field.string("library", 255)) {
    if (is_bare_file_name(*library)) {
      manifest.library = *library;
    } else {
      field.problem("library", "must be a file name without a directory (it is looked up in the plugins directory)");
    }
  }
  if (auto category = field.string("category", 64)) manifest.category = *category;
  if (auto description = field.string("description", 2000)) manifest.description = *description;
  if (auto icon = field.string("icon", 255)) {
    if (is_relative_inside(*icon)) {
      manifest.icon = *icon;
    } else {
      field.problem("icon", "must be a path inside the manifests directory");
    }
  }
  if (auto publisher = field.string("publisher", 128)) manifest.publisher = *publisher;
  if (const json::array* roles = field.array("permissions")) {
    if (roles->empty()) field.problem("permissions", R"(must name at least one role (e.g. ["owner", "admin"]))");
    for (std::size_t i = 0; i < roles->size(); ++i) {
      const json::value& role = (*roles)[i];
      const auto parsed = role.is_string() ? sdk::parse_role(role.get_string()) : std::nullopt;
      if (parsed) {
        manifest.permissions.push_back(*parsed);
      } else {
        field.problem("permissions[" + std::to_string(i) + "]", "must be one of owner, admin, manager, staff");
      }
    }
  }

  if (problems.empty()) reading.manifest = std::move(manifest);
  return reading;
}

}  // namespace eatos::host
