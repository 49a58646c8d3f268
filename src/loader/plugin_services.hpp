// sdk::HostServices for one plugin: its logger, the host clock, its own view of the task threads, storage scoped
// to the plugin's id, and the restaurants' POS data.
#pragma once

#include <string>

#include "eatos/sdk/services.hpp"
#include "loader/host_context.hpp"
#include "pos/restaurant_pos.hpp"
#include "services/file_logger.hpp"
#include "services/task_scheduler.hpp"

namespace eatos::host {

class PluginServices final : public sdk::HostServices {
 public:
  PluginServices(HostContext& host, const std::string& plugin_id)
      : host_(host), plugin_id_(plugin_id), logger_(host.log(), plugin_id), scheduler_(host.tasks(), plugin_id) {}

  sdk::Logger& logger() noexcept override { return logger_; }
  const sdk::Clock& clock() noexcept override { return host_.clock(); }
  sdk::Scheduler& scheduler() noexcept override { return scheduler_; }
  sdk::Result<std::unique_ptr<sdk::InstallationStorage>> storage(std::string_view installation_id) override {
    auto store = host_.store();
    if (!store) return store.status();
    return (*store)->installation(plugin_id_, std::string(installation_id));
  }
  sdk::Result<std::unique_ptr<sdk::PosData>> pos(std::string_view installation_id) override {
    if (!is_valid_scope_id(installation_id)) {
      return sdk::Status(sdk::Code::invalid_argument, "Invalid restaurant id.", "pos scope rejected");
    }
    auto pos = host_.pos();
    if (!pos) return pos.status();
    return std::unique_ptr<sdk::PosData>(
        std::make_unique<RestaurantPos>(**pos, scheduler_, std::string(installation_id)));
  }
  sdk::Result<std::vector<std::string>> installations() override {
    auto store = host_.store();
    if (!store) return store.status();
    return (*store)->installations_of(plugin_id_);
  }

  /// Cancels the plugin's scheduled tasks and waits for a running one: called before its Integration is destroyed.
  void stop_tasks() noexcept { scheduler_.cancel_all(); }

 private:
  HostContext& host_;
  std::string plugin_id_;
  PluginLogger logger_;
  PluginScheduler scheduler_;
};

}  // namespace eatos::host
