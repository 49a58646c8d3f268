#include "sevenshifts_integration.hpp"

#include <boost/json.hpp>
#include <cstdlib>
#include <string>

#include "account/access_token.hpp"
#include "account/company_snapshot.hpp"
#include "account/installation_record.hpp"
#include "account/status_view.hpp"
#include "sync/receipt.hpp"

namespace eatos::sevenshifts {
namespace {

using sdk::Code;
using sdk::InstallationState;
using sdk::Status;

constexpr const char* connect_form = "connect";
constexpr const char* update_token_form = "update-token";
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

Status not_installed() {
  return {Code::not_found, "7Shift is not installed for this restaurant.", "no installation record"};
}

std::string company_words(const Company& company) {
  return "'" + company.name + "' (id " + std::to_string(company.id) + ")";
}

}  // namespace

SevenShiftsIntegration::SevenShiftsIntegration(sdk::HostServices& host)
    : SevenShiftsIntegration(host, [this]() -> sdk::Result<std::unique_ptr<HttpTransport>> {
        auto timeouts = timeouts_from_environment();
        if (!timeouts) return timeouts.status();
        return http_.make_transport(*timeouts);
      }) {}

SevenShiftsIntegration::SevenShiftsIntegration(sdk::HostServices& host, TransportFactory make_transport)
    : host_(host), api_(host.clock(), std::move(make_transport)), sales_(host, api_) {}

std::string SevenShiftsIntegration::now_utc() const {
  return format_utc(std::chrono::floor<std::chrono::seconds>(host_.clock().now()));
}

sdk::Result<sdk::Descriptor> SevenShiftsIntegration::describe() const {
  const std::vector<InstallationState> installed{InstallationState::connected, InstallationState::needs_reauth,
                                                 InstallationState::error};
  sdk::Descriptor descriptor;
  descriptor.entry = {"7shifts", "7Shift", "Labor & Scheduling",
                      "Send your eatOS sales to 7shifts so its labor forecasts and schedules follow your real "
                      "business."};
  descriptor.forms = {token_form(connect_form, "Connect 7shifts", "Connect"),
                      token_form(update_token_form, "Update the 7shifts access token", "Update token")};
  descriptor.actions = {
      {"install",
       "Install App",
       "Connect this restaurant to 7shifts with an access token.",
       connect_form,
       {InstallationState::not_installed},
       false},
      {"update-token", "Update token", "Replace the stored access token with a new one of the same company.",
       update_token_form, installed, false},
      {"test-connection", "Test connection", "Check the stored token with 7shifts now.", "", installed, false},
  };
  SalesService::describe(descriptor);
  descriptor.actions.push_back({"remove", "Remove",
                                "Disconnect 7shifts, stop sending sales and erase the token and everything stored for "
                                "it.",
                                "", installed, true});
  return descriptor;
}

sdk::Result<sdk::InstallationStatus> SevenShiftsIntegration::status(const sdk::Request& request) {
  auto record = load_installation(request.storage);
  if (!record) return record.status();
  sdk::InstallationStatus status = status_view(*record);
  if (!*record) return status;
  auto details = boost::json::parse(status.details_json).as_object();
  if (auto added = sales_.add_status(request.installation_id, request.storage, **record, status, details);
      !added.ok()) {
    return added;
  }
  status.details_json = boost::json::serialize(details);
  return status;
}

sdk::Status SevenShiftsIntegration::start_background_work() { return sales_.start_background_work(); }

sdk::Result<sdk::ActionOutcome> SevenShiftsIntegration::act(sdk::ActionRequest& request) {
  if (request.action == sdk::actions::install) return connect(request);
  if (request.action == sdk::actions::update_token) return update_token(request);
  if (request.action == "test-connection") return test_connection(request);
  if (request.action == sdk::actions::remove) return remove(request);
  if (request.action == "map-location") {
    auto record = load_installation(request.storage);
    if (!record) return record.status();
    if (!*record) return not_installed();
    return sales_.map_location(request, **record);
  }
  if (request.action == "unmap-location") return sales_.unmap_location(request);
  if (request.action == "sync-now") return sales_.sync_now(request);
  if (request.action == "retry-dead-letters") return sales_.retry_dead_letters(request);
  if (request.action == "sync-settings") return sales_.change_settings(request);
  return Status(Code::not_found, "7Shift has no action '" + request.action + "'.", "unknown action");
}

sdk::Result<sdk::ActionOutcome> SevenShiftsIntegration::connect(sdk::ActionRequest& request) {
  auto token = normalize_access_token(request.values.secrets.at(token_field));
  if (!token) return token.status();
  auto existing = load_installation(request.storage);
  if (!existing) return existing.status();
  if (*existing) {
    return Status(Code::conflict,
                  "7Shift is already connected to 7shifts company " + company_words((*existing)->company) +
                      ". To change the token, use More Options → Update token.",
                  "already installed");
  }

  auto session = api_.open(token->clone());
  if (!session) return session.status();
  auto snapshot = fetch_company((*session)->client());
  if (!snapshot) return snapshot.status();

  InstallationRecord record;
  record.company = snapshot->company;
  record.locations = std::move(snapshot->locations);
  record.connected_at = record.last_checked_at = now_utc();
  record.token_last4 = token_last4(*token).value_or("");
  sdk::WriteBatch batch;
  put_installation(batch, record);
  batch.put_secret(token_secret_name, std::move(*token));
  if (auto stored = request.storage.apply(batch); !stored.ok()) return stored;

  host_.logger().info("restaurant " + request.installation_id + " connected to 7shifts company " +
                      std::to_string(record.company.id) + " with " + std::to_string(record.locations.size()) +
                      " locations in " + std::to_string((*session)->client().requests_sent()) + " requests");
  return sdk::ActionOutcome{connected_summary(record)};
}

sdk::Result<sdk::ActionOutcome> SevenShiftsIntegration::update_token(sdk::ActionRequest& request) {
  auto token = normalize_access_token(request.values.secrets.at(token_field));
  if (!token) return token.status();
  auto existing = load_installation(request.storage);
  if (!existing) return existing.status();
  if (!*existing) return not_installed();
  InstallationRecord record = std::move(**existing);

  // The old token stays stored until the new one has been verified.
  auto session = api_.open(token->clone());
  if (!session) return session.status();
  auto snapshot = fetch_company((*session)->client());
  if (!snapshot) return snapshot.status();
  if (snapshot->company.id != record.company.id) {
    return Status(Code::conflict,
                  "This token belongs to 7shifts company " + company_words(snapshot->company) +
                      ", but this restaurant is connected to " + company_words(record.company) +
                      ", and its settings belong to that company. Use a token of " + company_words(record.company) +
                      ", or remove the app and install it again to switch companies.",
                  "token of another company");
  }

  record.company = snapshot->company;
  record.locations = std::move(snapshot->locations);
  record.state = InstallationState::connected;
  record.last_error.clear();
  record.last_checked_at = now_utc();
  record.token_last4 = token_last4(*token).value_or("");
  sdk::WriteBatch batch;
  put_installation(batch, record);
  batch.put_secret(token_secret_name, std::move(*token));
  if (auto stored = request.storage.apply(batch); !stored.ok()) return stored;
  host_.logger().info("restaurant " + request.installation_id + " updated its 7shifts token");
  return sdk::ActionOutcome{"Token updated. " + connected_summary(record) + "."};
}

sdk::Result<sdk::ActionOutcome> SevenShiftsIntegration::test_connection(sdk::ActionRequest& request) {
  auto existing = load_installation(request.storage);
  if (!existing) return existing.status();
  if (!*existing) return not_installed();
  InstallationRecord record = std::move(**existing);
  auto token = request.storage.secret(token_secret_name);
  if (!token) return token.status();

  Status outcome;
  if (!*token) {
    outcome = Status(Code::invalid_auth, "No access token is stored; use More Options → Update token.", "no secret");
  } else {
    auto session = api_.open(std::move(**token));
    if (!session) return session.status();
    auto whoami = (*session)->client().whoami();
    if (!whoami) {
      outcome = whoami.status();
    } else if (whoami->users.empty() || whoami->users.front().company_id != record.company.id) {
      outcome = Status(Code::conflict,
                       "The stored token no longer belongs to 7shifts company " + company_words(record.company) +
                           "; use More Options → Update token.",
                       "whoami company changed");
    }
  }

  record.last_checked_at = now_utc();
  if (outcome.ok()) {
    record.state = InstallationState::connected;
    record.last_error.clear();
  } else {
    record.last_error = outcome.message();
    if (outcome.code() == Code::invalid_auth) record.state = InstallationState::needs_reauth;
    if (outcome.code() == Code::conflict) record.state = InstallationState::error;
    // unavailable or rate-limited: 7shifts could not say, so the state is kept.
  }
  sdk::WriteBatch batch;
  put_installation(batch, record);
  if (auto stored = request.storage.apply(batch); !stored.ok()) return stored;
  if (!outcome.ok()) return outcome;
  return sdk::ActionOutcome{"The token works. " + connected_summary(record) + "."};
}

sdk::Result<sdk::ActionOutcome> SevenShiftsIntegration::remove(sdk::ActionRequest& request) {
  const auto no_sync_meanwhile = sales_.lock(request.installation_id);
  auto existing = load_installation(request.storage);
  if (!existing) return existing.status();
  if (!*existing) return not_installed();
  if (auto erased = request.storage.apply(sdk::WriteBatch().erase_everything()); !erased.ok()) return erased;
  host_.logger().info("restaurant " + request.installation_id + " removed 7Shift");
  return sdk::ActionOutcome{
      "7Shift was removed: sales are no longer sent, and the access token and everything stored for this "
      "restaurant (mappings, queued sales) were erased."};
}

}  // namespace eatos::sevenshifts
