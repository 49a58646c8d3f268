// What the host shares with every plugin it loads: data dir, log, clock, task threads and (opened on first use)
// storage and POS data. Owned by main; outlives the Registry and so every plugin.
#pragma once

#include <filesystem>
#include <memory>
#include <mutex>

#include "eatos/sdk/services.hpp"
#include "pos/pos_store.hpp"
#include "services/file_logger.hpp"
#include "services/redactor.hpp"
#include "services/system_clock.hpp"
#include "services/task_scheduler.hpp"
#include "storage/store.hpp"

namespace eatos::host {

class HostContext {
 public:
  HostContext(std::filesystem::path data_dir, bool verbose);
  HostContext(const HostContext&) = delete;
  HostContext& operator=(const HostContext&) = delete;
  ~HostContext();

  [[nodiscard]] const std::filesystem::path& data_dir() const noexcept { return data_dir_; }
  Redactor& redactor() noexcept { return redactor_; }
  FileLogger& log() noexcept { return log_; }
  const sdk::Clock& clock() const noexcept { return clock_; }
  TaskScheduler& tasks() noexcept { return tasks_; }

  /// The store, opened (creating the data dir, mode 0700) on first use. Fails with a message naming the dir.
  sdk::Result<Store*> store();
  /// The POS data, in the store (opened on first use likewise).
  sdk::Result<PosStore*> pos();

 private:
  sdk::Result<Store*> open_store_locked();

  std::filesystem::path data_dir_;
  Redactor redactor_;
  FileLogger log_;
  SystemClock clock_;
  TaskScheduler tasks_;
  std::mutex store_mutex_;
  std::unique_ptr<Store> store_;
  std::unique_ptr<PosStore> pos_;
};

}  // namespace eatos::host
