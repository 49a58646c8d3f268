// Plugin work runs on host threads, and every task of a plugin is stopped before its code could be unloaded.
#include <gtest/gtest.h>

#include <atomic>
#include <chrono>
#include <future>
#include <thread>

#include "services/file_logger.hpp"
#include "services/redactor.hpp"
#include "services/task_scheduler.hpp"
#include "temp_dir.hpp"

namespace eatos::host {
namespace {

using namespace std::chrono_literals;

class SchedulerTest : public ::testing::Test {
 protected:
  testing::TempDir dir_;
  Redactor redactor_;
  FileLogger log_{dir_.path(), redactor_, false};
  TaskScheduler tasks_{log_};
};

TEST_F(SchedulerTest, RunsAOneShotTaskOnAnotherThread) {
  PluginScheduler scheduler(tasks_, "demo");
  std::promise<std::thread::id> ran;
  scheduler.run_after(1ms, [&] { ran.set_value(std::this_thread::get_id()); });
  auto future = ran.get_future();
  ASSERT_EQ(future.wait_for(10s), std::future_status::ready);
  EXPECT_NE(future.get(), std::this_thread::get_id());
}

TEST_F(SchedulerTest, RepeatsAPeriodicTaskUntilCancelled) {
  PluginScheduler scheduler(tasks_, "demo");
  std::atomic<int> runs{0};
  std::promise<void> third;
  const auto id = scheduler.run_every(1ms, [&] {
    if (++runs == 3) third.set_value();
  });
  ASSERT_EQ(third.get_future().wait_for(10s), std::future_status::ready);
  scheduler.cancel(id);
  const int after_cancel = runs.load();
  std::this_thread::sleep_for(20ms);
  EXPECT_EQ(runs.load(), after_cancel);
}

TEST_F(SchedulerTest, CancelAllWaitsForARunningTaskToFinish) {
  auto scheduler = std::make_unique<PluginScheduler>(tasks_, "demo");
  std::promise<void> started;
  std::atomic<bool> finished{false};
  scheduler->run_after(0ms, [&] {
    started.set_value();
    std::this_thread::sleep_for(50ms);
    finished = true;
  });
  ASSERT_EQ(started.get_future().wait_for(10s), std::future_status::ready);
  scheduler.reset();  // what the host does before destroying the plugin's Integration
  EXPECT_TRUE(finished.load());
}

TEST_F(SchedulerTest, ATaskThatThrowsIsLoggedAndTheSchedulerKeepsWorking) {
  PluginScheduler scheduler(tasks_, "demo");
  scheduler.run_after(0ms, [] { throw std::runtime_error("task failed"); });
  std::promise<void> next;
  scheduler.run_after(5ms, [&] { next.set_value(); });
  EXPECT_EQ(next.get_future().wait_for(10s), std::future_status::ready);
}

TEST_F(SchedulerTest, PendingTasksOfADestroyedPluginSchedulerNeverRun) {
  std::atomic<bool> ran{false};
  {
    PluginScheduler scheduler(tasks_, "demo");
    scheduler.run_after(50ms, [&] { ran = true; });
  }
  std::this_thread::sleep_for(100ms);
  EXPECT_FALSE(ran.load());
}

}  // namespace
}  // namespace eatos::host
