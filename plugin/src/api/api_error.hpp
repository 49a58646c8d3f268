// Turning a 7shifts error response into a Status a restaurant admin understands.
//
// 7shifts answers errors in two shapes, and both must be read:
//   classic:       {"status":"error","message":"...","error":"missing_parameter"}   (sometimes "type" for "error")
//   problem+json:  {"type":...,"title":...,"status":401,"detail":...,"code":...}
// 5xx bodies may be HTML or empty. The human text is `message`, else `detail`, else `title`.
#pragma once

#include <eatos/sdk/status.hpp>
#include <string>
#include <string_view>

#include "api/http_transport.hpp"

namespace eatos::sevenshifts {

struct ApiErrorBody {
  std::string message;  // empty when the body had none
  std::string code;     // "missing_parameter", "invalid_token", ... ; empty when none
};

[[nodiscard]] ApiErrorBody parse_error_body(std::string_view body);

/// The Status for a non-2xx response. `token` is scrubbed from anything taken from the body.
[[nodiscard]] sdk::Status status_for_response(const HttpResponse& response, std::string_view token);
/// The Status for an exchange that got no response.
[[nodiscard]] sdk::Status status_for_network_failure(const TransportError& error);

/// `text` with every occurrence of `secret` replaced by "[redacted]".
[[nodiscard]] std::string scrub(std::string text, std::string_view secret);

}  // namespace eatos::sevenshifts
