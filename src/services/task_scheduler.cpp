#include "services/task_scheduler.hpp"

#include <algorithm>
#include <exception>
#include <utility>
#include <vector>

#include "services/file_logger.hpp"

namespace eatos::host {

TaskScheduler::TaskScheduler(FileLogger& log) : log_(log) {}

TaskScheduler::~TaskScheduler() {
  {
    const std::lock_guard lock(mutex_);
    stopping_ = true;
    entries_.clear();
  }
  changed_.notify_all();
  if (worker_.joinable()) worker_.join();
}

sdk::TaskId TaskScheduler::schedule(std::chrono::milliseconds delay, std::chrono::milliseconds period,
                                    std::function<void()> task, std::string owner) {
  sdk::TaskId id = 0;
  {
    const std::lock_guard lock(mutex_);
    id = next_id_++;
    entries_.emplace(id, Entry{std::chrono::steady_clock::now() + delay, period,
                               std::make_shared<std::function<void()>>(std::move(task)), std::move(owner)});
    if (!worker_.joinable()) worker_ = std::thread([this] { work(); });
  }
  changed_.notify_all();
  return id;
}

void TaskScheduler::cancel(sdk::TaskId id) noexcept {
  std::unique_lock lock(mutex_);
  entries_.erase(id);
  if (std::this_thread::get_id() != worker_.get_id()) {
    changed_.wait(lock, [&] { return running_ != id; });
  }
  lock.unlock();
  changed_.notify_all();
}

void TaskScheduler::work() {
  std::unique_lock lock(mutex_);
  while (!stopping_) {
    auto next = entries_.end();
    for (auto it = entries_.begin(); it != entries_.end(); ++it) {
      if (next == entries_.end() || it->second.due < next->second.due) next = it;
    }
    if (next == entries_.end()) {
      changed_.wait(lock);
      continue;
    }
    // A copy: wait_until reads its deadline after releasing the lock, when cancel() may erase the entry.
    const TimePoint due = next->second.due;
    if (due > std::chrono::steady_clock::now()) {
      changed_.wait_until(lock, due);
      continue;
    }
    const sdk::TaskId id = next->first;
    const auto task = next->second.task;
    const std::string owner = next->second.owner;
    running_ = id;
    lock.unlock();
    try {
      (*task)();
    } catch (const std::exception& e) {
      log_.write(owner, sdk::LogLevel::error, std::string("scheduled task threw: ") + e.what());
    } catch (...) {
      log_.write(owner, sdk::LogLevel::error, "scheduled task threw an unknown exception");
    }
    lock.lock();
    running_ = 0;
    if (auto it = entries_.find(id); it != entries_.end()) {
      if (it->second.period.count() > 0) {
        it->second.due = std::max(it->second.due + it->second.period, std::chrono::steady_clock::now());
      } else {
        entries_.erase(it);
      }
    }
    changed_.notify_all();
  }
}

sdk::TaskId PluginScheduler::run_after(std::chrono::milliseconds delay, std::function<void()> task) {
  return add(host_.schedule(delay, std::chrono::milliseconds(0), std::move(task), plugin_id_));
}

sdk::TaskId PluginScheduler::run_every(std::chrono::milliseconds interval, std::function<void()> task) {
  if (interval.count() <= 0) interval = std::chrono::milliseconds(1);
  return add(host_.schedule(interval, interval, std::move(task), plugin_id_));
}

void PluginScheduler::cancel(sdk::TaskId id) noexcept {
  {
    const std::lock_guard lock(mutex_);
    if (ids_.erase(id) == 0) return;
  }
  host_.cancel(id);
}

void PluginScheduler::cancel_all() noexcept {
  std::set<sdk::TaskId> ids;
  {
    const std::lock_guard lock(mutex_);
    ids.swap(ids_);
  }
  for (const auto id : ids) host_.cancel(id);
}

sdk::TaskId PluginScheduler::add(sdk::TaskId id) {
  const std::lock_guard lock(mutex_);
  ids_.insert(id);
  return id;
}

}  // namespace eatos::host
