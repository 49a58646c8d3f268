#include "sevenshifts_integration.hpp"

namespace eatos::sevenshifts {
namespace {

using sdk::InstallationState;

constexpr const char* connect_form = "connect";
constexpr const char* token_field = "access_token";

sdk::Form token_form(std::string id, std::string title, std::string submit_label) {
  return {std::move(id),
          std::move(title),
          {{token_field,
            "Access token",
            sdk::FieldType::secret,
            true,
            "In 7shifts: Settings → Developer Tools → + Create Access Token. Copy the token and paste it here; it is "
            "stored encrypted and never shown again.",
            {}}},
          std::move(submit_label)};
}

}  // namespace

sdk::Result<sdk::Descriptor> SevenShiftsIntegration::describe() const {
  const std::vector<InstallationState> installed{InstallationState::connected, InstallationState::needs_reauth,
                                                 InstallationState::error};
  sdk::Descriptor descriptor;
  descriptor.entry = {"7shifts", "7Shift", "Labor & Scheduling",
                      "Send your eatOS sales to 7shifts so its labor forecasts and schedules follow your real "
                      "business."};
  descriptor.forms = {token_form(connect_form, "Connect 7shifts", "Connect"),
                      token_form("update-token", "Update the 7shifts access token", "Update token")};
  descriptor.actions = {
      {"install",
       "Install App",
       "Connect this restaurant to 7shifts with an access token.",
       connect_form,
       {InstallationState::not_installed},
       false},
      {"update-token", "Update token", "Replace the stored access token with a new one.", "update-token", installed,
       false},
      {"test-connection", "Test connection", "Check the stored token with 7shifts now.", "", installed, false},
      {"remove", "Remove", "Disconnect 7shifts and erase the token and everything stored for it.", "", installed, true},
  };
  return descriptor;
}

sdk::Result<sdk::InstallationStatus> SevenShiftsIntegration::status(const sdk::Request& request) {
  auto installation = request.storage.get("installation");
  if (!installation) return installation.status();
  sdk::InstallationStatus status;
  status.state = InstallationState::not_installed;
  status.summary = "Not connected. Install the app and paste a 7shifts access token to connect.";
  return status;
}

sdk::Result<sdk::ActionOutcome> SevenShiftsIntegration::act(sdk::ActionRequest& request) {
  host_.logger().info("action '" + request.action + "' requested for restaurant " + request.installation_id);
  return sdk::Status(sdk::Code::unavailable,
                     "Connecting to 7shifts is not available yet in this version of the 7Shift app.",
                     "connect flow not implemented yet");
}

}  // namespace eatos::sevenshifts
