// What the plugin keeps for one restaurant's connection to 7shifts (beside the token, which lives in the host's
// secret storage): the company and locations found at Connect, the state, and the last check and error.
// Stored as one JSON value under the key "installation", so it always changes in one piece.
#pragma once

#include <boost/json/fwd.hpp>
#include <boost/json/value_from.hpp>
#include <boost/json/value_to.hpp>
#include <eatos/sdk/integration.hpp>
#include <eatos/sdk/services.hpp>
#include <optional>
#include <string>
#include <vector>

#include "api/models.hpp"

namespace eatos::sevenshifts {

inline constexpr const char* installation_key = "installation";
inline constexpr const char* token_secret_name = "access_token";

struct InstallationRecord {
  Company company;
  std::vector<Location> locations;
  sdk::InstallationState state = sdk::InstallationState::connected;
  std::string connected_at;     // ISO-8601 UTC
  std::string last_checked_at;  // ISO-8601 UTC, the last time 7shifts accepted or rejected the token
  std::string last_error;       // for the admin; empty when the last check succeeded
  std::string token_last4;      // empty when the token is too short to show any of it
};

InstallationRecord tag_invoke(boost::json::value_to_tag<InstallationRecord>, const boost::json::value& value);
void tag_invoke(boost::json::value_from_tag, boost::json::value& out, const InstallationRecord& record);

/// The record, nullopt when not installed. A damaged record is an internal error, not a crash.
sdk::Result<std::optional<InstallationRecord>> load_installation(sdk::InstallationStorage& storage);
/// Adds "store this record" to a batch (with the token, or alone).
void put_installation(sdk::WriteBatch& batch, const InstallationRecord& record);

}  // namespace eatos::sevenshifts
