#include "api/api_error.hpp"

#include <boost/json.hpp>

namespace eatos::sevenshifts {
namespace {

namespace json = boost::json;

std::string text_field(const json::object& object, std::initializer_list<const char*> names) {
  for (const char* name : names) {
    if (const auto* value = object.if_contains(name); value != nullptr && value->is_string()) {
      return std::string(value->get_string());
    }
  }
  return {};
}

std::string with_period(std::string text) {
  if (!text.empty() && text.back() != '.') text += '.';
  return text;
}

}  // namespace

std::string scrub(std::string text, std::string_view secret) {
  if (secret.empty()) return text;
  for (auto at = text.find(secret); at != std::string::npos; at = text.find(secret, at)) {
    text.replace(at, secret.size(), "[redacted]");
  }
  return text;
}

ApiErrorBody parse_error_body(std::string_view body) {
  boost::system::error_code error;
  const json::value value = json::parse(body, error);
  if (error || !value.is_object()) return {};
  const auto& object = value.get_object();
  return {text_field(object, {"message", "detail", "title"}), text_field(object, {"error", "code", "type"})};
}

sdk::Status status_for_response(const HttpResponse& response, std::string_view token) {
  const ApiErrorBody body = parse_error_body(response.body);
  const std::string said = scrub(body.message, token);
  std::string detail = "HTTP " + std::to_string(response.status);
  if (!body.code.empty()) detail += " " + scrub(body.code, token);
  if (!said.empty()) detail += ": " + said;

  switch (response.status) {
    case 401:
    case 403:
      return {sdk::Code::invalid_auth,
              "7shifts rejected the access token. It may be mistyped or revoked, or its technical contact may no "
              "longer be a 7shifts admin. Create a new token in 7shifts (Settings → Developer Tools) and try again.",
              detail};
    case 402:
      return {sdk::Code::invalid_auth,
              "7shifts refused the request: the company's 7shifts plan does not include API access.", detail};
    case 404:
      return {sdk::Code::not_found,
              with_period("7shifts does not know what was asked for" + (said.empty() ? std::string() : ": " + said)),
              detail};
    case 429: {
      std::string message = "7shifts is rate-limiting this token; try again in a minute.";
      if (const auto retry = response.header("retry-after"); !retry.empty()) {
        message = "7shifts is rate-limiting this token; try again in " + retry + " seconds.";
      }
      return {sdk::Code::rate_limited, message, detail};
    }
    default: break;
  }
  if (response.status >= 500) {
    return {sdk::Code::unavailable,
            "Could not reach 7shifts: it answered with a server error (HTTP " + std::to_string(response.status) +
                "). Try again later.",
            detail};
  }
  return {sdk::Code::internal,
          with_period("7shifts refused the request (HTTP " + std::to_string(response.status) + ")" +
                      (said.empty() ? std::string() : ": " + said)),
          detail};
}

sdk::Status status_for_network_failure(const TransportError& error) {
  std::string what;
  switch (error.kind) {
    case NetworkFailure::connect: what = "the connection was refused or failed"; break;
    case NetworkFailure::resolve: what = "its host name could not be resolved"; break;
    case NetworkFailure::tls: what = "the secure (TLS) connection failed"; break;
    case NetworkFailure::timeout: what = "it did not answer in time"; break;
    case NetworkFailure::dropped: what = "the connection was dropped"; break;
    case NetworkFailure::other: what = "the request failed"; break;
  }
  return {sdk::Code::unavailable, "Could not reach 7shifts: " + what + " (" + error.reason + ").",
          "network: " + error.reason};
}

}  // namespace eatos::sevenshifts
