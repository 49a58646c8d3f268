// Host-owned threads that run plugin work (sdk::Scheduler).
//
// TaskScheduler is the host's: one worker thread, started on the first task (a CLI call that schedules nothing
// starts no thread). PluginScheduler is what one plugin sees: it remembers the plugin's tasks so the host can
// cancel them all, and wait for a running one, before the plugin's code is unloaded.
#pragma once

#include <chrono>
#include <condition_variable>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <set>
#include <string>
#include <thread>

#include "eatos/sdk/services.hpp"

namespace eatos::host {

class FileLogger;

class TaskScheduler {
 public:
  explicit TaskScheduler(FileLogger& log);
  TaskScheduler(const TaskScheduler&) = delete;
  TaskScheduler& operator=(const TaskScheduler&) = delete;
  /// Stops the worker; pending tasks are dropped, a running one is waited for.
  ~TaskScheduler();

  /// Runs `task` after `delay`, then every `period` when `period` is positive. `owner` names it in the log.
  sdk::TaskId schedule(std::chrono::milliseconds delay, std::chrono::milliseconds period, std::function<void()> task,
                       std::string owner);
  /// Removes the task; if it is running on the worker (and this is not the worker), waits until it returns.
  void cancel(sdk::TaskId id) noexcept;

 private:
  using TimePoint = std::chrono::steady_clock::time_point;
  struct Entry {
    TimePoint due;
    std::chrono::milliseconds period;
    std::shared_ptr<std::function<void()>> task;
    std::string owner;
  };

  void work();

  FileLogger& log_;
  std::mutex mutex_;
  std::condition_variable changed_;
  std::map<sdk::TaskId, Entry> entries_;
  sdk::TaskId next_id_ = 1;
  sdk::TaskId running_ = 0;
  bool stopping_ = false;
  std::thread worker_;
};

class PluginScheduler final : public sdk::Scheduler {
 public:
  PluginScheduler(TaskScheduler& host, std::string plugin_id) : host_(host), plugin_id_(std::move(plugin_id)) {}
  PluginScheduler(const PluginScheduler&) = delete;
  PluginScheduler& operator=(const PluginScheduler&) = delete;
  ~PluginScheduler() override { cancel_all(); }

  sdk::TaskId run_after(std::chrono::milliseconds delay, std::function<void()> task) override;
  sdk::TaskId run_every(std::chrono::milliseconds interval, std::function<void()> task) override;
  void cancel(sdk::TaskId id) noexcept override;
  /// Cancels every task of this plugin and waits for a running one to return.
  void cancel_all() noexcept;

 private:
  sdk::TaskId add(sdk::TaskId id);

  TaskScheduler& host_;
  std::string plugin_id_;
  std::mutex mutex_;
  std::set<sdk::TaskId> ids_;
};

}  // namespace eatos::host
