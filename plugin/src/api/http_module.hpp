// The plugin's network code (libcurl and the TLS stack behind it, over thirty libraries) lives in a companion
// module, libeatos_7shifts_http.so beside the plugin, opened on the first request. Loading it at start-up would
// add several milliseconds to every host start, including every CLI command that never talks to 7shifts.
//
// Ownership: HttpModule keeps the module loaded until it is destroyed; every transport it made must be destroyed
// first (the Integration declares it before anything that makes transports). Thread-safe.
#pragma once

#include <boost/dll/shared_library.hpp>
#include <eatos/sdk/status.hpp>
#include <filesystem>
#include <memory>
#include <mutex>

#include "api/curl_timeouts.hpp"
#include "api/http_transport.hpp"

namespace eatos::sevenshifts {

inline constexpr const char* http_module_file = "libeatos_7shifts_http.so";
inline constexpr const char* http_module_factory = "eatos_7shifts_make_transport";

/// The module's one export: a new transport owned by the caller, or null when libcurl could not start.
using MakeTransport = HttpTransport*(CurlTimeouts timeouts);

class HttpModule {
 public:
  /// `directory`: where the module is; by default the directory of the plugin library itself.
  explicit HttpModule(std::filesystem::path directory = {});
  HttpModule(const HttpModule&) = delete;
  HttpModule& operator=(const HttpModule&) = delete;
  ~HttpModule();

  /// Loads the module on first use. internal when it is missing or damaged (the install is incomplete).
  sdk::Result<std::unique_ptr<HttpTransport>> make_transport(CurlTimeouts timeouts);

 private:
  std::filesystem::path directory_;
  std::mutex mutex_;
  boost::dll::shared_library library_;
  MakeTransport* make_ = nullptr;
};

}  // namespace eatos::sevenshifts
