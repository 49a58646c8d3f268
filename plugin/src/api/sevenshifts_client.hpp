// The 7shifts REST client: every call carries the token and the API version, is paced below the rate limit,
// retried with jittered backoff when that is safe, and decoded into typed structs.
//
// Errors come back as sdk::Status with a message for the restaurant admin (api_error.hpp). The token never
// reaches a message, a detail or a log line. Not thread-safe: one client per action or task.
#pragma once

#include <boost/json/value.hpp>
#include <chrono>
#include <cstdint>
#include <eatos/sdk/secret.hpp>
#include <eatos/sdk/status.hpp>
#include <functional>
#include <random>
#include <string>
#include <string_view>
#include <vector>

#include "api/api_url.hpp"
#include "api/http_transport.hpp"
#include "api/models.hpp"
#include "api/request_pacer.hpp"

namespace eatos::sevenshifts {

inline constexpr const char* api_version = "2026-01-01";

/// How patient a client is.
struct ClientPolicy {
  /// interactive: a person is waiting (Connect, Test connection): a 429 fails at once instead of waiting out
  /// 7shifts' one-minute block, and fewer retries are made.
  bool interactive = true;
  int max_attempts = 2;  // for idempotent calls (GET, PUT) on 5xx and network failures
  std::chrono::milliseconds backoff_base{250};
  std::chrono::milliseconds backoff_cap{5000};
  std::chrono::seconds default_block{60};  // when a 429 has no Retry-After
  int page_size = 100;
  int requests_per_second = RequestPacer::max_per_second;  // at most; see RequestPacer

  static ClientPolicy for_person() { return {}; }
  static ClientPolicy for_background() {
    return {false,
            5,
            std::chrono::milliseconds(500),
            std::chrono::milliseconds(30000),
            std::chrono::seconds(60),
            500,
            RequestPacer::max_per_second};
  }
};

using Sleeper = std::function<void(std::chrono::milliseconds)>;

class SevenShiftsClient {
 public:
  /// `transport` and `pacer` must outlive the client. `sleep` defaults to std::this_thread::sleep_for.
  SevenShiftsClient(HttpTransport& transport, ApiUrl url, sdk::Secret token, RequestPacer& pacer,
                    ClientPolicy policy = ClientPolicy::for_person(), Sleeper sleep = {});

  sdk::Result<WhoAmI> whoami();
  sdk::Result<std::vector<Company>> companies();
  /// Every page of the company's locations.
  sdk::Result<std::vector<Location>> locations(std::int64_t company_id);

  /// GET `path_and_query` (starting with /v2/...) and parse the JSON body.
  sdk::Result<boost::json::value> get_json(const std::string& path_and_query);
  /// Every page of a list endpoint, each item converted with value_to<T>.
  template <class T>
  sdk::Result<std::vector<T>> list_all(const std::string& path);

  /// One paced request and no retry, for callers that decide themselves what each answer means (the receipt
  /// sender): the response whatever its status, or the network failure. A 429 also blocks the token in the pacer
  /// (for Retry-After, else the policy's default block). `path_and_query` starts with /v2/.
  Exchange exchange_once(const std::string& method, const std::string& path_and_query, std::string body);
  /// The status for a non-2xx response: code and message from 7shifts' error body, never the token.
  [[nodiscard]] sdk::Status status_of(const HttpResponse& response) const;
  /// How long 7shifts has blocked this token (zero when it has not).
  [[nodiscard]] std::chrono::milliseconds blocked_for() const { return pacer_.blocked_for(token_); }

  [[nodiscard]] const ApiUrl& url() const noexcept { return url_; }
  [[nodiscard]] const ClientPolicy& policy() const noexcept { return policy_; }

  /// Requests sent so far, retries included.
  [[nodiscard]] int requests_sent() const noexcept { return requests_; }

 private:
  sdk::Result<HttpResponse> call(const std::string& method, const std::string& path_and_query, std::string body);
  [[nodiscard]] HttpRequest request_for(const std::string& method, const std::string& path_and_query,
                                        std::string body) const;
  Exchange paced_send(const HttpRequest& request);
  sdk::Status unexpected(const std::string& what) const;
  template <class T>
  sdk::Result<T> decode_data(const boost::json::value& document);
  std::chrono::milliseconds backoff(int attempt);

  HttpTransport& transport_;
  ApiUrl url_;
  sdk::Secret token_;
  RequestPacer& pacer_;
  ClientPolicy policy_;
  Sleeper sleep_;
  int requests_ = 0;
  std::mt19937 jitter_;
};

/// Percent-encodes a query parameter value (RFC 3986 unreserved characters pass through).
[[nodiscard]] std::string url_encode(std::string_view text);

}  // namespace eatos::sevenshifts
