// Robust loading: every broken manifest or library is reported with its file and reason, and never stops the host
// from loading and listing the good ones.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "files.hpp"
#include "integrations/integrations_section.hpp"
#include "plugin_sandbox.hpp"
#include "registry/registry.hpp"

namespace eatos::host {
namespace {

using testing::fixture_library;
using ::testing::HasSubstr;
using ::testing::IsEmpty;
using testing::manifest_json;

std::string host_sdk() {
  return std::to_string(EATOS_SDK_VERSION_MAJOR) + "." + std::to_string(EATOS_SDK_VERSION_MINOR);
}

class LoaderTest : public ::testing::Test {
 protected:
  void SetUp() override { sandbox_.add_sevenshifts(); }

  Registry discover() { return Registry::discover(sandbox_.manifests(), sandbox_.plugins(), host_); }

  /// The one record from `manifest_file`, with the good 7Shift plugin still loaded beside it.
  static const PluginRecord& only_broken(const Registry& registry, const std::string& manifest_file) {
    const PluginRecord* broken = nullptr;
    bool sevenshifts_loaded = false;
    for (const auto& record : registry.records()) {
      if (record.manifest_file.filename() == manifest_file) broken = &record;
      if (record.is_loaded() && record.manifest->id == "7shifts") sevenshifts_loaded = true;
    }
    EXPECT_TRUE(sevenshifts_loaded) << "the good plugin must still load";
    if (broken == nullptr) throw std::runtime_error("no record for " + manifest_file);
    EXPECT_FALSE(broken->is_loaded());
    EXPECT_FALSE(broken->problems.empty());
    return *broken;
  }

  static std::string reason(const PluginRecord& record) {
    std::string text;
    for (const auto& problem : record.problems) text += problem + "\n";
    return text;
  }

  testing::PluginSandbox sandbox_;
  HostContext host_{sandbox_.data(), false};
};

TEST_F(LoaderTest, LoadsThe7ShiftPluginAndItsDescriptor) {
  auto registry = discover();
  auto* record = registry.find_loaded("7shifts");
  ASSERT_NE(record, nullptr);
  const auto& descriptor = record->loaded->descriptor();
  EXPECT_EQ(descriptor.entry.name, "7Shift");
  const auto* install = descriptor.find_action("install");
  ASSERT_NE(install, nullptr);
  const auto* form = descriptor.find_form(install->form);
  ASSERT_NE(form, nullptr);
  EXPECT_EQ(form->submit_label, "Connect");
  ASSERT_EQ(form->fields.size(), 1U);
  EXPECT_EQ(form->fields[0].type, sdk::FieldType::secret);
  EXPECT_THAT(form->fields[0].help, HasSubstr("Developer Tools"));
}

TEST_F(LoaderTest, LoadingThe7ShiftPluginDoesNotLoadLibcurl) {
  // The network module (libcurl and its TLS stack) is opened on the first request, not at start-up.
  auto registry = discover();
  ASSERT_NE(registry.find_loaded("7shifts"), nullptr);
  const auto maps = testing::read_file("/proc/self/maps");
  EXPECT_THAT(maps, ::testing::Not(HasSubstr("libcurl")));
  EXPECT_THAT(maps, ::testing::Not(HasSubstr("libeatos_7shifts_http")));
}

TEST_F(LoaderTest, APluginBuiltAgainstSdk10StillLoadsAndWorks) {
  // Built with the frozen 1.0 headers: its vtables end where 1.0's did, and the host must only call what they hold.
  sandbox_.add_manifest("demo.json", manifest_json("demo", "libdemo.so"));
  sandbox_.add_library(fixture_library("libfixture_demo_sdk_1_0.so"), "libdemo.so");
  auto registry = discover();
  auto* record = registry.find_loaded("demo");
  ASSERT_NE(record, nullptr) << reason(registry.records().front());
  EXPECT_EQ(record->loaded->built_against().minor, 0U);
  EXPECT_THAT(registry.start_background_work(), IsEmpty()) << "a 1.0 plugin has no background work to start";

  IntegrationsSection section(registry, host_);
  const sdk::Actor admin{"test", sdk::Role::admin};
  sdk::FormValues values;
  values.fields["account"] = "old-timer";
  values.secrets.emplace("password", sdk::Secret(std::string("pw-123456")));
  ASSERT_TRUE(section.run("r1", admin, "demo", "install", std::move(values)).ok());
  auto view = section.show("r1", admin, "demo");
  ASSERT_TRUE(view.ok());
  EXPECT_EQ(view->status.summary, "Connected as old-timer");
  ASSERT_TRUE(section.run("r1", admin, "demo", "remove", {}).ok());
  EXPECT_EQ(section.show("r1", admin, "demo")->status.state, sdk::InstallationState::not_installed);
}

TEST_F(LoaderTest, ALongRunningHostStartsTheBackgroundWorkOfCurrentPlugins) {
  sandbox_.add_demo();
  ASSERT_TRUE(host_.store().ok());  // the data dir, where the log goes
  auto registry = discover();
  ASSERT_NE(registry.find_loaded("demo"), nullptr);
  EXPECT_EQ(registry.find_loaded("demo")->loaded->built_against().minor,
            static_cast<unsigned>(EATOS_SDK_VERSION_MINOR));
  EXPECT_THAT(registry.start_background_work(), IsEmpty());
  EXPECT_THAT(testing::read_file(sandbox_.data() / FileLogger::file_name), HasSubstr("demo background work started"));
}

TEST_F(LoaderTest, AManifestThatIsNotJsonIsReported) {
  sandbox_.add_manifest_text("broken.json", "{ this is not json");
  const auto registry = discover();
  EXPECT_THAT(reason(only_broken(registry, "broken.json")), HasSubstr("is not valid JSON"));
}

TEST_F(LoaderTest, AManifestWithMissingOrWrongTypedFieldsIsReportedFieldByField) {
  auto manifest = manifest_json("demo", "libdemo.so");
  manifest.erase("library");
  manifest["permissions"] = 7;
  sandbox_.add_manifest("demo.json", manifest);
  const auto registry = discover();
  const auto text = reason(only_broken(registry, "demo.json"));
  EXPECT_THAT(text, HasSubstr("field 'library': missing"));
  EXPECT_THAT(text, HasSubstr("field 'permissions': must be an array, not a number"));
}

TEST_F(LoaderTest, TheSecondManifestWithAnIdAlreadyTakenIsIgnored) {
  sandbox_.add_manifest_text("zz-copy.json", testing::read_file(testing::sevenshifts_manifest()));
  const auto registry = discover();
  const auto text = reason(only_broken(registry, "zz-copy.json"));
  EXPECT_THAT(text, HasSubstr("duplicate id '7shifts'"));
  EXPECT_THAT(text, HasSubstr("7shifts.json"));
}

TEST_F(LoaderTest, AMissingLibraryIsReportedWithItsPath) {
  sandbox_.add_manifest("demo.json", manifest_json("demo", "libdemo.so"));
  const auto registry = discover();
  const auto text = reason(only_broken(registry, "demo.json"));
  EXPECT_THAT(text, HasSubstr("library libdemo.so not found at " + (sandbox_.plugins() / "libdemo.so").string()));
}

TEST_F(LoaderTest, AFileThatIsNotASharedLibraryIsReported) {
  sandbox_.add_manifest("demo.json", manifest_json("demo", "libdemo.so"));
  testing::write_file(sandbox_.plugins() / "libdemo.so", "#!/bin/sh\necho definitely not ELF\n");
  const auto registry = discover();
  const auto text = reason(only_broken(registry, "demo.json"));
  EXPECT_THAT(text, HasSubstr("cannot load"));
  EXPECT_THAT(text, HasSubstr("libdemo.so"));
}

TEST_F(LoaderTest, ALibraryWithoutTheEntrySymbolIsReported) {
  sandbox_.add_manifest("demo.json", manifest_json("demo", "libdemo.so"));
  sandbox_.add_library(fixture_library("libfixture_no_entry.so"), "libdemo.so");
  const auto registry = discover();
  EXPECT_THAT(reason(only_broken(registry, "demo.json")),
              HasSubstr("has no eatos_plugin_abi_probe symbol: it was not built with the EATOS_PLUGIN macro"));
}

TEST_F(LoaderTest, ALibraryBuiltAgainstAnotherSdkMajorIsRefusedBeforeItsCodeRuns) {
  sandbox_.add_manifest("demo.json", manifest_json("demo", "libdemo.so"));
  sandbox_.add_library(fixture_library("libfixture_sdk_major_2.so"), "libdemo.so");
  const auto registry = discover();  // the fixture's factory aborts the process if it is ever called
  EXPECT_THAT(reason(only_broken(registry, "demo.json")),
              HasSubstr("it was built against SDK 2.0, but this host implements SDK " + host_sdk() +
                        " (major versions differ)"));
}

TEST_F(LoaderTest, ALibraryBuiltAgainstANewerSdkMinorIsRefused) {
  sandbox_.add_manifest("demo.json", manifest_json("demo", "libdemo.so"));
  sandbox_.add_library(fixture_library("libfixture_sdk_minor_newer.so"), "libdemo.so");
  const auto registry = discover();
  EXPECT_THAT(reason(only_broken(registry, "demo.json")),
              HasSubstr("it was built against SDK 1." + std::to_string(EATOS_SDK_VERSION_MINOR + 1) +
                        ", newer than this host's SDK " + host_sdk()));
}

TEST_F(LoaderTest, AManifestRequiringAnotherSdkIsRefusedWithoutOpeningTheLibrary) {
  auto manifest = manifest_json("demo", "libdemo.so");
  manifest["sdk"] = "2.0";
  sandbox_.add_manifest("demo.json", manifest);
  // The library named does not even exist: the SDK check comes first.
  const auto registry = discover();
  EXPECT_THAT(reason(only_broken(registry, "demo.json")), HasSubstr("its manifest requires SDK 2.0"));
}

TEST_F(LoaderTest, AFactoryThatThrowsIsReportedAndItsLibraryUnloaded) {
  sandbox_.add_manifest("demo.json", manifest_json("demo", "libdemo.so"));
  sandbox_.add_library(fixture_library("libfixture_factory_throws.so"), "libdemo.so");
  const auto registry = discover();
  const auto text = reason(only_broken(registry, "demo.json"));
  EXPECT_THAT(text, HasSubstr("its factory failed"));
  EXPECT_THAT(text, HasSubstr("factory exploded on purpose"));
}

TEST_F(LoaderTest, ADescriptorWhoseIdDisagreesWithTheManifestIsRefused) {
  sandbox_.add_manifest("demo.json", manifest_json("other", "libdemo.so"));
  sandbox_.add_library(fixture_library("libfixture_demo.so"), "libdemo.so");
  const auto registry = discover();
  EXPECT_THAT(reason(only_broken(registry, "demo.json")),
              HasSubstr("it describes itself as 'demo' but its manifest says 'other'"));
}

TEST_F(LoaderTest, AMissingManifestsDirectoryIsAProblemNotACrash) {
  auto registry = Registry::discover(sandbox_.manifests() / "nope", sandbox_.plugins(), host_);
  EXPECT_THAT(registry.records(), IsEmpty());
  ASSERT_EQ(registry.problems().size(), 1U);
  EXPECT_THAT(registry.problems()[0], HasSubstr("cannot read manifests directory"));
}

TEST_F(LoaderTest, AnActionThatThrowsBecomesAnInternalErrorAndTheStateIsKept) {
  sandbox_.add_demo();
  auto registry = discover();
  IntegrationsSection section(registry, host_);
  const sdk::Actor admin{"test", sdk::Role::admin};

  sdk::FormValues values;
  values.fields["account"] = "acme";
  values.secrets.emplace("password", sdk::Secret(std::string("hunter2-password")));
  ASSERT_TRUE(section.run("r1", admin, "demo", "install", std::move(values)).ok());

  auto exploded = section.run("r1", admin, "demo", "explode", {});
  ASSERT_FALSE(exploded.ok());
  EXPECT_EQ(exploded.status().code(), sdk::Code::internal);
  EXPECT_THAT(exploded.status().detail(), HasSubstr("demo action exploded"));

  auto view = section.show("r1", admin, "demo");
  ASSERT_TRUE(view.ok());
  EXPECT_EQ(view->status.state, sdk::InstallationState::connected);
  EXPECT_EQ(view->status.summary, "Connected as acme");
}

TEST_F(LoaderTest, ThePluginsLogLineWithASecretIsMasked) {
  sandbox_.add_demo();
  auto registry = discover();
  IntegrationsSection section(registry, host_);
  sdk::FormValues values;
  values.fields["account"] = "acme";
  values.secrets.emplace("password", sdk::Secret(std::string("hunter2-password")));
  ASSERT_TRUE(section.run("r1", {"test", sdk::Role::owner}, "demo", "install", std::move(values)).ok());
  const auto log = testing::read_file(sandbox_.data() / FileLogger::file_name);
  EXPECT_THAT(log, HasSubstr("installing with password [redacted]"));
  EXPECT_THAT(testing::files_containing(sandbox_.data(), "hunter2-password"), IsEmpty());
}

TEST_F(LoaderTest, ManagersAndStaffAreRefusedBeforeAnyPluginActionRuns) {
  sandbox_.add_demo();
  auto registry = discover();
  IntegrationsSection section(registry, host_);
  for (const auto role : {sdk::Role::manager, sdk::Role::staff}) {
    auto prepared = section.prepare("r1", {"test", role}, "demo", "install");
    ASSERT_FALSE(prepared.ok());
    EXPECT_EQ(prepared.status().code(), sdk::Code::permission_denied);
  }
  EXPECT_THAT(testing::all_files(sandbox_.data()), ::testing::Not(::testing::Contains(sandbox_.data() / "eatos.db")));
}

TEST_F(LoaderTest, ActionsNotOfferedInTheCurrentStateAreRefused) {
  sandbox_.add_demo();
  auto registry = discover();
  IntegrationsSection section(registry, host_);
  const sdk::Actor admin{"test", sdk::Role::admin};
  auto remove = section.prepare("r1", admin, "demo", "remove");
  EXPECT_EQ(remove.status().code(), sdk::Code::not_found);

  sdk::FormValues values;
  values.fields["account"] = "acme";
  values.secrets.emplace("password", sdk::Secret(std::string("pw-123456")));
  ASSERT_TRUE(section.run("r1", admin, "demo", "install", std::move(values)).ok());
  auto again = section.prepare("r1", admin, "demo", "install");
  EXPECT_EQ(again.status().code(), sdk::Code::conflict);
  EXPECT_THAT(again.status().message(), HasSubstr("available now: explode, remove"));
  auto unknown = section.prepare("r1", admin, "demo", "fly");
  EXPECT_EQ(unknown.status().code(), sdk::Code::not_found);
}

}  // namespace
}  // namespace eatos::host
