#include "loader/host_context.hpp"

#include <exception>

namespace eatos::host {

HostContext::HostContext(std::filesystem::path data_dir, bool verbose)
    : data_dir_(std::move(data_dir)), log_(data_dir_, redactor_, verbose), tasks_(log_) {}

HostContext::~HostContext() = default;

sdk::Result<Store*> HostContext::store() {
  const std::lock_guard lock(store_mutex_);
  return open_store_locked();
}

sdk::Result<PosStore*> HostContext::pos() {
  const std::lock_guard lock(store_mutex_);
  auto store = open_store_locked();
  if (!store) return store.status();
  if (!pos_) {
    try {
      pos_ = std::make_unique<PosStore>(**store);
    } catch (const std::exception& e) {
      return sdk::Status(sdk::Code::internal, std::string("The host cannot open its POS data: ") + e.what() + ".",
                         e.what());
    }
  }
  return pos_.get();
}

sdk::Result<Store*> HostContext::open_store_locked() {
  if (!store_) {
    try {
      prepare_data_dir(data_dir_);
      store_ = std::make_unique<Store>(data_dir_, redactor_);
    } catch (const std::exception& e) {
      return sdk::Status(sdk::Code::internal, std::string("The host cannot open its data: ") + e.what() + ".",
                         e.what());
    }
  }
  return store_.get();
}

}  // namespace eatos::host
