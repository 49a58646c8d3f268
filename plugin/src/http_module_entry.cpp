// libeatos_7shifts_http.so: the 7Shift plugin's network code, opened by the plugin on its first request
// (see api/http_module.hpp for why it is separate).
#include <boost/config.hpp>
#include <new>

#include "api/curl_transport.hpp"

/// A new libcurl transport owned by the caller, or null when it cannot be made. libcurl is initialised on the
/// first call and cleaned up when this module is unloaded.
extern "C" BOOST_SYMBOL_EXPORT eatos::sevenshifts::HttpTransport* eatos_7shifts_make_transport(
    eatos::sevenshifts::CurlTimeouts timeouts) {
  static const eatos::sevenshifts::CurlRuntime runtime;
  return new (std::nothrow) eatos::sevenshifts::CurlTransport(timeouts);
}
