// SEVENSHIFTS_RATE_LIMIT: the requests per second a token may make, as the server in use enforces it. The real
// 7shifts allows 10, the default. A test server on loopback may declare 0 (no limit: the client does not pace
// itself, which benchmarks need to measure the plugin rather than the limit); against any other host only 1 to 10
// is accepted, so the plugin can never be told to exceed 7shifts' limit.
#pragma once

#include <eatos/sdk/status.hpp>
#include <string_view>

#include "api/api_url.hpp"

namespace eatos::sevenshifts {

inline constexpr const char* rate_limit_variable = "SEVENSHIFTS_RATE_LIMIT";

/// The limit from `text` (empty: 10) for `url`; invalid_argument naming the variable otherwise.
sdk::Result<int> parse_rate_limit(std::string_view text, const ApiUrl& url);
sdk::Result<int> rate_limit_from_environment(const ApiUrl& url);

}  // namespace eatos::sevenshifts
