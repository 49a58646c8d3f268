// The seam between the 7shifts client and the network: one HTTP exchange at a time. CurlTransport is the real one;
// unit tests substitute a scripted fake.
#pragma once

#include <eatos/sdk/status.hpp>
#include <map>
#include <string>
#include <utility>
#include <vector>

namespace eatos::sevenshifts {

struct HttpRequest {
  std::string method;  // GET, POST, PUT
  std::string url;
  std::vector<std::pair<std::string, std::string>> headers;
  std::string body;
};

struct HttpResponse {
  long status = 0;
  std::map<std::string, std::string> headers;  // names lower-cased
  std::string body;

  [[nodiscard]] std::string header(const std::string& lower_case_name) const {
    auto it = headers.find(lower_case_name);
    return it == headers.end() ? std::string() : it->second;
  }
};

/// Why an exchange produced no HTTP response at all.
enum class NetworkFailure { connect, resolve, tls, timeout, dropped, other };

struct TransportError {
  NetworkFailure kind = NetworkFailure::other;
  std::string reason;  // for people: "connection refused", "timed out after 20 s"; never a header or the token
};

/// A response, or the network failure that prevented one.
class Exchange {
 public:
  Exchange(HttpResponse response) : response_(std::move(response)), ok_(true) {}  // NOLINT(google-explicit-constructor)
  Exchange(TransportError error) : error_(std::move(error)) {}                    // NOLINT(google-explicit-constructor)
  [[nodiscard]] bool ok() const noexcept { return ok_; }
  [[nodiscard]] const HttpResponse& response() const noexcept { return response_; }
  [[nodiscard]] const TransportError& error() const noexcept { return error_; }

 private:
  HttpResponse response_;
  TransportError error_;
  bool ok_ = false;
};

/// One connection's worth of HTTP: implementations keep the connection alive between calls. Not thread-safe: a
/// transport belongs to one client on one thread at a time.
class HttpTransport {
 public:
  virtual ~HttpTransport() = default;
  virtual Exchange send(const HttpRequest& request) = 0;
};

}  // namespace eatos::sevenshifts
