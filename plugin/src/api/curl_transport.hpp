// HttpTransport on libcurl: one easy handle reused for every request, so consecutive calls share one TCP/TLS
// connection (keep-alive). TLS verification stays on; redirects are never followed (they could carry the
// Authorization header elsewhere).
#pragma once

#include <chrono>
#include <memory>

#include "api/curl_timeouts.hpp"
#include "api/http_transport.hpp"

namespace eatos::sevenshifts {

class CurlTransport final : public HttpTransport {
 public:
  explicit CurlTransport(CurlTimeouts timeouts);
  CurlTransport(const CurlTransport&) = delete;
  CurlTransport& operator=(const CurlTransport&) = delete;
  ~CurlTransport() override;

  Exchange send(const HttpRequest& request) override;
  /// How many new connections this transport has opened so far (1 when keep-alive worked throughout).
  [[nodiscard]] long connections_opened() const noexcept { return connections_; }

 private:
  struct Handle;
  std::unique_ptr<Handle> handle_;
  CurlTimeouts timeouts_;
  long connections_ = 0;
};

/// curl_global_init/cleanup for the http module's lifetime: constructed before its first transport.
class CurlRuntime {
 public:
  CurlRuntime();
  CurlRuntime(const CurlRuntime&) = delete;
  CurlRuntime& operator=(const CurlRuntime&) = delete;
  ~CurlRuntime();
};

}  // namespace eatos::sevenshifts
