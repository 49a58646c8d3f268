#include "account/status_view.hpp"

#include <boost/json.hpp>

namespace eatos::sevenshifts {
namespace {

namespace json = boost::json;

std::string plural(std::size_t n, const std::string& word) {
  return std::to_string(n) + " " + word + (n == 1 ? "" : "s");
}

std::string location_names(const std::vector<Location>& locations) {
  if (locations.empty()) return "none";
  std::string text;
  for (const auto& location : locations) {
    if (!text.empty()) text += ", ";
    text += location.name + (location.timezone.empty() ? "" : " (" + location.timezone + ")");
  }
  return text;
}

}  // namespace

std::string connected_summary(const InstallationRecord& record) {
  return "Connected to 7shifts company '" + record.company.name + "' (" + plural(record.locations.size(), "location") +
         ")";
}

sdk::InstallationStatus status_view(const std::optional<InstallationRecord>& record) {
  sdk::InstallationStatus status;
  if (!record) {
    status.summary = "Not connected. Install the app and paste a 7shifts access token to connect.";
    return status;
  }
  status.state = record->state;
  switch (record->state) {
    case sdk::InstallationState::connected: status.summary = connected_summary(*record); break;
    case sdk::InstallationState::needs_reauth:
      status.summary = "7shifts no longer accepts the stored access token.";
      status.hint =
          "Create a new access token in 7shifts (Settings → Developer Tools), then use More Options → "
          "Update token.";
      break;
    case sdk::InstallationState::error:
    case sdk::InstallationState::not_installed: status.summary = "The connection to 7shifts needs attention."; break;
  }
  status.last_error = record->last_error;

  const std::string token_text = record->token_last4.empty() ? "configured" : "configured ••••" + record->token_last4;
  status.facts = {{"Company", record->company.name + " (id " + std::to_string(record->company.id) + ")"},
                  {"Locations", location_names(record->locations)},
                  {"Token", token_text},
                  {"Connected at", record->connected_at},
                  {"Last check", record->last_checked_at}};

  json::object token{{"configured", true},
                     {"last4", record->token_last4.empty() ? json::value(nullptr) : json::value(record->token_last4)}};
  const json::object details{{"company", json::value_from(record->company)},
                             {"locations", json::value_from(record->locations)},
                             {"token", std::move(token)},
                             {"connected_at", record->connected_at},
                             {"last_checked_at", record->last_checked_at}};
  status.details_json = json::serialize(details);
  return status;
}

}  // namespace eatos::sevenshifts
