#include "account/installation_record.hpp"

#include <boost/json.hpp>
#include <exception>

namespace eatos::sevenshifts {
namespace {

namespace json = boost::json;

std::string text_or_empty(const json::object& object, std::string_view key) {
  const auto* value = object.if_contains(key);
  return value != nullptr && value->is_string() ? std::string(value->get_string()) : std::string();
}

sdk::InstallationState parse_state(std::string_view text) {
  for (const auto state :
       {sdk::InstallationState::connected, sdk::InstallationState::needs_reauth, sdk::InstallationState::error}) {
    if (sdk::to_string(state) == text) return state;
  }
  throw std::invalid_argument("unknown state '" + std::string(text) + "'");
}

}  // namespace

InstallationRecord tag_invoke(json::value_to_tag<InstallationRecord> /*tag*/, const json::value& value) {
  const auto& object = value.as_object();
  InstallationRecord record;
  record.company = json::value_to<Company>(object.at("company"));
  record.locations = json::value_to<std::vector<Location>>(object.at("locations"));
  record.state = parse_state(object.at("state").as_string());
  record.connected_at = text_or_empty(object, "connected_at");
  record.last_checked_at = text_or_empty(object, "last_checked_at");
  record.last_error = text_or_empty(object, "last_error");
  record.token_last4 = text_or_empty(object, "token_last4");
  return record;
}

void tag_invoke(json::value_from_tag /*tag*/, json::value& out, const InstallationRecord& record) {
  out = {{"company", json::value_from(record.company)},
         {"locations", json::value_from(record.locations)},
         {"state", sdk::to_string(record.state)},
         {"connected_at", record.connected_at},
         {"last_checked_at", record.last_checked_at},
         {"last_error", record.last_error},
         {"token_last4", record.token_last4}};
}

sdk::Result<std::optional<InstallationRecord>> load_installation(sdk::InstallationStorage& storage) {
  auto text = storage.get(installation_key);
  if (!text) return text.status();
  if (!*text) return std::optional<InstallationRecord>();
  try {
    return std::optional(json::value_to<InstallationRecord>(json::parse(**text)));
  } catch (const std::exception& e) {
    return sdk::Status(sdk::Code::internal,
                       "The stored 7shifts connection is damaged; remove the app and install it again.",
                       std::string("cannot read the installation record: ") + e.what());
  }
}

void put_installation(sdk::WriteBatch& batch, const InstallationRecord& record) {
  batch.put(installation_key, json::serialize(json::value_from(record)));
}

}  // namespace eatos::sevenshifts
