// Form values are checked against the plugin's form before the plugin sees them.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "integrations/integrations_section.hpp"

namespace eatos::host {
namespace {

using ::testing::HasSubstr;

const sdk::Form form{"setup",  // NOLINT(cert-err58-cpp): a test fixture; a throw here fails the run loudly
                     "Set up",
                     {{"account", "Account", sdk::FieldType::text, true, "", {}},
                      {"password", "Password", sdk::FieldType::secret, true, "", {}},
                      {"tier", "Tier", sdk::FieldType::select, false, "", {{"basic", "Basic"}, {"pro", "Pro"}}},
                      {"seats", "Seats", sdk::FieldType::number, false, "", {}}},
                     "Connect"};

sdk::FormValues valid() {
  sdk::FormValues values;
  values.fields["account"] = "acme";
  values.secrets.emplace("password", sdk::Secret(std::string("pw")));
  return values;
}

void expect_refused(const sdk::FormValues& values, const std::string& message) {
  const auto status = check_form_values(&form, values);
  EXPECT_EQ(status.code(), sdk::Code::invalid_argument);
  EXPECT_THAT(status.message(), HasSubstr(message));
}

TEST(FormValues, ACompleteFormPasses) {
  auto values = valid();
  values.fields["tier"] = "pro";
  values.fields["seats"] = "12";
  EXPECT_TRUE(check_form_values(&form, values).ok());
}

TEST(FormValues, RequiredFieldsMustBePresentAndNotEmpty) {
  auto values = valid();
  values.fields.erase("account");
  expect_refused(values, "'Account' is required");
  values.fields["account"] = "";
  expect_refused(values, "'Account' is required");
  auto no_secret = valid();
  no_secret.secrets.clear();
  expect_refused(no_secret, "'Password' is required");
}

TEST(FormValues, UnknownFieldsAreNamed) {
  auto values = valid();
  values.fields["colour"] = "red";
  expect_refused(values, "Unknown field 'colour'; expected one of: account, password, tier, seats");
}

TEST(FormValues, SelectAndNumberValuesAreChecked) {
  auto values = valid();
  values.fields["tier"] = "gold";
  expect_refused(values, "'Tier' must be one of: basic, pro");
  values = valid();
  values.fields["seats"] = "twelve";
  expect_refused(values, "'Seats' must be a number");
}

TEST(FormValues, SecretsOnlyInSecretFieldsAndPlainValuesOnlyInPlainOnes) {
  auto values = valid();
  values.fields["password"] = "plain";
  expect_refused(values, "'Password' is a secret");
  values = valid();
  values.secrets.emplace("account", sdk::Secret(std::string("x")));
  expect_refused(values, "'Account' is not a secret field");
}

TEST(FormValues, OverlongValuesAreRefused) {
  auto values = valid();
  values.fields["account"] = std::string(4097, 'a');
  expect_refused(values, "longer than 4096");
}

TEST(FormValues, AnActionWithoutAFormTakesNoValues) {
  EXPECT_TRUE(check_form_values(nullptr, {}).ok());
  sdk::FormValues values;
  values.fields["x"] = "1";
  const auto status = check_form_values(nullptr, values);
  EXPECT_THAT(status.message(), HasSubstr("this action takes no input"));
}

}  // namespace
}  // namespace eatos::host
