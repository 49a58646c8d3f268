// How the plugin reaches 7shifts: it opens a client session for a token against SEVENSHIFTS_API_URL, with a fresh
// transport (one connection, kept alive for the session) and the plugin-wide pacer. Tests substitute the transport.
#pragma once

#include <algorithm>
#include <eatos/sdk/secret.hpp>
#include <eatos/sdk/services.hpp>
#include <eatos/sdk/status.hpp>
#include <functional>
#include <memory>

#include "api/http_transport.hpp"
#include "api/rate_limit.hpp"
#include "api/request_pacer.hpp"
#include "api/sevenshifts_client.hpp"

namespace eatos::sevenshifts {

/// Makes the transport for one session; fails when its settings are invalid or the network module cannot be
/// loaded.
using TransportFactory = std::function<sdk::Result<std::unique_ptr<HttpTransport>>()>;

/// A client and the transport it owns.
class ApiSession {
 public:
  ApiSession(std::unique_ptr<HttpTransport> transport, ApiUrl url, sdk::Secret token, RequestPacer& pacer,
             ClientPolicy policy)
      : transport_(std::move(transport)), client_(*transport_, std::move(url), std::move(token), pacer, policy) {}
  SevenShiftsClient& client() noexcept { return client_; }

 private:
  std::unique_ptr<HttpTransport> transport_;  // before client_: the client refers to it
  SevenShiftsClient client_;
};

class ApiAccess {
 public:
  ApiAccess(const sdk::Clock& clock, TransportFactory make_transport)
      : pacer_(clock), make_transport_(std::move(make_transport)) {}

  /// invalid_argument when SEVENSHIFTS_API_URL, SEVENSHIFTS_TIMEOUT_MS or SEVENSHIFTS_RATE_LIMIT is refused
  /// (before any request).
  sdk::Result<std::unique_ptr<ApiSession>> open(sdk::Secret token, ClientPolicy policy = ClientPolicy::for_person()) {
    auto url = ApiUrl::from_environment();
    if (!url) return url.status();
    auto limit = rate_limit_from_environment(*url);
    if (!limit) return limit.status();
    policy.requests_per_second = *limit == 0 ? 0 : std::min(policy.requests_per_second, *limit);
    auto transport = make_transport_();
    if (!transport) return transport.status();
    return std::make_unique<ApiSession>(std::move(*transport), std::move(*url), std::move(token), pacer_, policy);
  }

 private:
  RequestPacer pacer_;
  TransportFactory make_transport_;
};

}  // namespace eatos::sevenshifts
