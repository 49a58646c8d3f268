#include "api/http_module.hpp"

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
      library_.load(path, boost::dll::load_mode::rtld_now | boost::dll::load_mode::rtld_local);
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
