// What an admin pastes is not always just the token: it may carry a trailing newline, spaces, or a leading
// "Bearer ". normalize_access_token cleans that up and refuses what cannot be a 7shifts token, saying why.
#pragma once

#include <eatos/sdk/secret.hpp>
#include <eatos/sdk/status.hpp>
#include <optional>
#include <string>

namespace eatos::sevenshifts {

inline constexpr std::size_t max_access_token_length = 4096;

/// Trims spaces, tabs and newlines at both ends and drops one leading "Bearer " (any case). Refuses, with
/// invalid_argument: empty; longer than 4096 characters; a control character; a character outside printable
/// ASCII; a space inside the token. Messages say what is wrong and where, never what the token is.
[[nodiscard]] sdk::Result<sdk::Secret> normalize_access_token(const sdk::Secret& pasted);

/// The last four characters for display ("configured, ends in abcd"), or nullopt for a token too short to show
/// any of it safely (under 16 characters).
[[nodiscard]] std::optional<std::string> token_last4(const sdk::Secret& token);

}  // namespace eatos::sevenshifts
