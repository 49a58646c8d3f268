// What loading the 7Shift plugin adds to a whole `eatos-host integrations list` process: the same command run many
// times, alternating between the real manifests and plugins directories and empty ones (the baseline), in one go.
//
//   startup_bench [RUNS]     (default 200 runs of each)
#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <vector>

#include "files.hpp"
#include "plugin_sandbox.hpp"
#include "process.hpp"
#include "temp_dir.hpp"

namespace {

using eatos::testing::ProcessOptions;
using eatos::testing::run_process;

struct Figures {
  double median_ms;
  double p10_ms;
  double p90_ms;
};

Figures figures(std::vector<double> samples) {
  std::sort(samples.begin(), samples.end());
  const auto at = [&](double q) {
    return samples[static_cast<std::size_t>(q * static_cast<double>(samples.size() - 1))];
  };
  return {at(0.5), at(0.1), at(0.9)};
}

double time_once(const ProcessOptions& options) {
  const auto start = std::chrono::steady_clock::now();
  const auto result = run_process(EATOS_HOST_BINARY, {"integrations", "list"}, options);
  const auto elapsed = std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - start).count();
  if (result.exit_code != 0) {
    std::fprintf(stderr, "eatos-host failed (%d): %s\n", result.exit_code, result.err.c_str());
    std::exit(1);
  }
  return elapsed;
}

}  // namespace

int main(int argc, char** argv) {
  const int runs = argc > 1 ? std::atoi(argv[1]) : 200;
  eatos::testing::PluginSandbox with_plugin;
  with_plugin.add_sevenshifts();
  eatos::testing::TempDir empty;
  std::filesystem::create_directories(empty / "manifests");
  std::filesystem::create_directories(empty / "plugins");

  ProcessOptions plugin_run;
  plugin_run.environment = {{"EATOS_MANIFESTS_DIR", with_plugin.manifests().string()},
                            {"EATOS_PLUGINS_DIR", with_plugin.plugins().string()},
                            {"EATOS_DATA_DIR", with_plugin.data().string()}};
  ProcessOptions baseline_run;
  baseline_run.environment = {{"EATOS_MANIFESTS_DIR", (empty / "manifests").string()},
                              {"EATOS_PLUGINS_DIR", (empty / "plugins").string()},
                              {"EATOS_DATA_DIR", (empty / "data").string()}};

  for (int i = 0; i < 10; ++i) {  // warm the page cache and the data dirs
    time_once(plugin_run);
    time_once(baseline_run);
  }
  std::vector<double> plugin_samples;
  std::vector<double> baseline_samples;
  for (int i = 0; i < runs; ++i) {  // interleaved, so machine noise hits both alike
    baseline_samples.push_back(time_once(baseline_run));
    plugin_samples.push_back(time_once(plugin_run));
  }

  const auto base = figures(baseline_samples);
  const auto plugin = figures(plugin_samples);
  std::printf("eatos-host integrations list, %d runs each (ms: median [p10, p90])\n", runs);
  std::printf("  empty plugins dir (baseline): %7.2f [%.2f, %.2f]\n", base.median_ms, base.p10_ms, base.p90_ms);
  std::printf("  with the 7Shift plugin:       %7.2f [%.2f, %.2f]\n", plugin.median_ms, plugin.p10_ms, plugin.p90_ms);
  std::printf("  plugin adds %.2f ms per process (ratio %.2fx the baseline)\n", plugin.median_ms - base.median_ms,
              plugin.median_ms / base.median_ms);
  return 0;
}
