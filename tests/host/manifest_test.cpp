// Manifests are validated before any library is opened, and every problem names its field.
#include "manifest/manifest.hpp"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <boost/json.hpp>

#include "files.hpp"
#include "plugin_sandbox.hpp"

namespace eatos::host {
namespace {

using ::testing::AllOf;
using ::testing::Contains;
using ::testing::ElementsAre;
using ::testing::HasSubstr;
using ::testing::IsEmpty;
using testing::manifest_json;

ManifestReading parse(const boost::json::object& object) {
  return parse_manifest(boost::json::serialize(object), "test.json");
}

TEST(Manifest, TheShipped7ShiftsManifestIsValid) {
  const auto reading = read_manifest(testing::sevenshifts_manifest());
  ASSERT_TRUE(reading.manifest.has_value()) << ::testing::PrintToString(reading.problems);
  EXPECT_EQ(reading.manifest->id, "7shifts");
  EXPECT_EQ(reading.manifest->name, "7Shift");
  EXPECT_EQ(reading.manifest->library, "libeatos_7shifts.so");
  EXPECT_EQ(reading.manifest->sdk.to_string(), "1.1");
  EXPECT_TRUE(reading.manifest->permits(sdk::Role::admin));
  EXPECT_TRUE(reading.manifest->permits(sdk::Role::owner));
  EXPECT_FALSE(reading.manifest->permits(sdk::Role::manager));
  EXPECT_FALSE(reading.manifest->permits(sdk::Role::staff));
}

TEST(Manifest, NotJsonIsOneClearProblem) {
  const auto reading = parse_manifest(R"({ "id": "x", )", "broken.json");
  EXPECT_FALSE(reading.manifest);
  EXPECT_THAT(reading.problems, ElementsAre(HasSubstr("is not valid JSON")));
}

TEST(Manifest, ATopLevelArrayIsRefused) {
  const auto reading = parse_manifest("[1, 2]", "array.json");
  EXPECT_FALSE(reading.manifest);
  EXPECT_THAT(reading.problems, ElementsAre(HasSubstr("must be a JSON object")));
}

TEST(Manifest, EveryMissingFieldIsReportedAtOnce) {
  const auto reading = parse_manifest("{}", "empty.json");
  EXPECT_FALSE(reading.manifest);
  for (const char* field : {"schema_version", "id", "name", "version", "sdk", "library", "category", "description",
                            "icon", "publisher", "permissions"}) {
    EXPECT_THAT(reading.problems,
                Contains(AllOf(HasSubstr(std::string("field '") + field + "'"), HasSubstr("missing"))))
        << field;
  }
}

TEST(Manifest, WrongTypesNameTheFieldAndTheTypes) {
  auto object = manifest_json("demo", "libdemo.so");
  object["name"] = 42;
  object["permissions"] = "admin";
  object["schema_version"] = "1";
  const auto reading = parse(object);
  EXPECT_FALSE(reading.manifest);
  EXPECT_THAT(reading.problems, Contains(HasSubstr("field 'name': must be a string, not a number")));
  EXPECT_THAT(reading.problems, Contains(HasSubstr("field 'permissions': must be an array, not a string")));
  EXPECT_THAT(reading.problems, Contains(HasSubstr("field 'schema_version': must be an integer, not a string")));
}

TEST(Manifest, BadValuesAreRefusedWithTheRule) {
  auto object = manifest_json("demo", "libdemo.so");
  object["id"] = "Demo App";
  object["version"] = "1.0";
  object["sdk"] = "one";
  object["library"] = "../evil/libdemo.so";
  object["icon"] = "../../etc/passwd";
  object["permissions"] = boost::json::array{"admin", "chef"};
  object["schema_version"] = 2;
  const auto reading = parse(object);
  EXPECT_FALSE(reading.manifest);
  EXPECT_THAT(reading.problems, Contains(HasSubstr("field 'id': must be lowercase")));
  EXPECT_THAT(reading.problems, Contains(HasSubstr("field 'version': must be a semantic version")));
  EXPECT_THAT(reading.problems, Contains(HasSubstr("field 'sdk': must be the SDK version")));
  EXPECT_THAT(reading.problems, Contains(HasSubstr("field 'library': must be a file name without a directory")));
  EXPECT_THAT(reading.problems, Contains(HasSubstr("field 'icon': must be a path inside")));
  EXPECT_THAT(reading.problems, Contains(HasSubstr("field 'permissions[1]': must be one of")));
  EXPECT_THAT(reading.problems, Contains(HasSubstr("field 'schema_version': is 2; this host reads version 1")));
  EXPECT_EQ(reading.problems.size(), 7U);
}

TEST(Manifest, EmptyStringsAndEmptyPermissionsAreRefused) {
  auto object = manifest_json("demo", "libdemo.so");
  object["description"] = "";
  object["permissions"] = boost::json::array{};
  const auto reading = parse(object);
  EXPECT_THAT(reading.problems, Contains(HasSubstr("field 'description': must not be empty")));
  EXPECT_THAT(reading.problems, Contains(HasSubstr("field 'permissions': must name at least one role")));
}

TEST(Manifest, SemverWithPrereleaseAndBuildIsAccepted) {
  auto object = manifest_json("demo", "libdemo.so");
  object["version"] = "2.10.3-beta.1+build.7";
  const auto reading = parse(object);
  ASSERT_TRUE(reading.manifest) << ::testing::PrintToString(reading.problems);
  EXPECT_EQ(reading.manifest->version, "2.10.3-beta.1+build.7");
  EXPECT_THAT(reading.problems, IsEmpty());
}

TEST(Manifest, UnknownFieldsAreIgnoredForForwardCompatibility) {
  auto object = manifest_json("demo", "libdemo.so");
  object["homepage"] = "https://example.invalid";
  EXPECT_TRUE(parse(object).manifest);
}

TEST(Manifest, AnUnreadableFileIsReported) {
  const auto reading = read_manifest("/nonexistent/manifest.json");
  EXPECT_FALSE(reading.manifest);
  EXPECT_THAT(reading.problems, ElementsAre(HasSubstr("cannot be read")));
}

}  // namespace
}  // namespace eatos::host
