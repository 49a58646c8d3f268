#include "api/http_module.hpp"

#include <dlfcn.h>

#include <boost/dll/runtime_symbol_info.hpp>
#include <exception>

namespace eatos::sevenshifts {

HttpModule::HttpModule(std::filesystem::path directory) : directory_(std::move(directory)) {
  if (directory_.empty()) {
    std::error_code error;
    directory_ = boost::dll::this_line_location(error).parent_path();
  }
}

HttpModule::~HttpModule() = default;

sdk::Result<std::unique_ptr<HttpTransport>> HttpModule::make_transport(CurlTimeouts timeouts) {
  const std::lock_guard lock(mutex_);
  if (make_ == nullptr) {
    const auto path = directory_ / http_module_file;
    try {
      // RTLD_NODELETE: libcurl may leave a detached resolver thread running after a transfer; unmapping its code
      // when the plugin is unloaded would crash that thread. The module stays mapped until the process exits.
      library_.load(path, boost::dll::load_mode::rtld_now | boost::dll::load_mode::rtld_local |
                              static_cast<boost::dll::load_mode::type>(RTLD_NODELETE));
      make_ = &library_.get<MakeTransport>(http_module_factory);
    } catch (const std::exception& e) {
      return sdk::Status(sdk::Code::internal,
                         "The 7Shift app is incomplete: its network module could not be loaded. Reinstall the app.",
                         "cannot load " + path.string() + ": " + e.what());
    }
  }
  std::unique_ptr<HttpTransport> transport(make_(timeouts));
  if (!transport) {
    return sdk::Status(sdk::Code::internal, "The 7Shift app could not start its network client.",
                       "the http module returned no transport");
  }
  return transport;
}

}  // namespace eatos::sevenshifts
