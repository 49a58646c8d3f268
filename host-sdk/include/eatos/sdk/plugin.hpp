// The plugin entry point: `EATOS_PLUGIN(factory)`.
//
// Use it once, in one source file of the plugin, at namespace scope:
//
//   std::unique_ptr<eatos::sdk::Integration> make_integration(eatos::sdk::HostServices& host);
//   EATOS_PLUGIN(make_integration)
//
// It exports two symbols:
//   - `eatos_plugin_abi_probe`: a plain C struct the host reads *before* running any plugin code, to refuse a
//     library built against another SDK major, a newer SDK minor, or another C++ standard library ABI;
//   - `eatos_plugin_factory` (a Boost.DLL alias): creates the Integration. It never throws: an exception from the
//     factory, or later from any Integration method, is caught inside the plugin and becomes Code::internal.
#pragma once

#include <boost/dll/alias.hpp>
#include <cstdint>
#include <exception>
#include <memory>
#include <string>
#include <utility>

#include "eatos/sdk/integration.hpp"
#include "eatos/sdk/services.hpp"
#include "eatos/sdk/status.hpp"
#include "eatos/sdk/version.hpp"

extern "C" {
/// Plain C on purpose: its layout never changes, so any host can read any plugin's probe.
struct eatos_abi_probe {
  std::uint32_t magic;  // EATOS_ABI_PROBE_MAGIC
  std::uint32_t sdk_major;
  std::uint32_t sdk_minor;
  char toolchain[52];  // NUL-terminated; see EATOS_SDK_TOOLCHAIN
};
}

#define EATOS_ABI_PROBE_MAGIC 0x45415453u  // "EATS"
#define EATOS_ABI_PROBE_SYMBOL "eatos_plugin_abi_probe"
#define EATOS_PLUGIN_FACTORY_SYMBOL "eatos_plugin_factory"

// What must match between host and plugin besides the SDK version: the C++ standard library and its ABI (types
// such as std::string cross the boundary). GCC and Clang on libstdc++ are compatible with each other.
#define EATOS_SDK_STRINGIFY_IMPL(x) #x
#define EATOS_SDK_STRINGIFY(x) EATOS_SDK_STRINGIFY_IMPL(x)
#if defined(_LIBCPP_VERSION)
#define EATOS_SDK_TOOLCHAIN "libc++ abi" EATOS_SDK_STRINGIFY(_LIBCPP_ABI_VERSION)
#elif defined(__GLIBCXX__)
#define EATOS_SDK_TOOLCHAIN "libstdc++ cxx11abi=" EATOS_SDK_STRINGIFY(_GLIBCXX_USE_CXX11_ABI)
#else
#define EATOS_SDK_TOOLCHAIN "unknown-stdlib"
#endif

EATOS_SDK_BEGIN_NAMESPACE

/// The signature behind `eatos_plugin_factory`. The host owns the returned Integration and destroys it before
/// unloading the library; `host` stays valid until then.
using PluginFactory = Result<std::unique_ptr<Integration>>(HostServices& host);

namespace detail {

inline Status internal_error(const char* where, const char* what) {
  return {Code::internal, "The integration failed unexpectedly.",
          std::string("exception in plugin ") + where + ": " + what};
}

/// Wraps the author's Integration so no exception leaves plugin code. Instantiated in the plugin (the macro
/// expands there), so the try/catch runs on the plugin's side of the boundary.
class ExceptionBarrier final : public Integration {
 public:
  explicit ExceptionBarrier(std::unique_ptr<Integration> inner) : inner_(std::move(inner)) {}

  Result<Descriptor> describe() const override {
    return guard("describe", [&] { return inner_->describe(); });
  }
  Result<InstallationStatus> status(const Request& request) override {
    return guard("status", [&] { return inner_->status(request); });
  }
  Result<ActionOutcome> act(ActionRequest& request) override {
    return guard("act", [&] { return inner_->act(request); });
  }
  Status start_background_work() override {
    return guard("start_background_work", [&] { return inner_->start_background_work(); });
  }

 private:
  template <class Call>
  static auto guard(const char* where, Call&& call) noexcept -> decltype(call()) {
    try {
      return call();
    } catch (const std::exception& e) {
      return internal_error(where, e.what());
    } catch (...) {
      return internal_error(where, "unknown exception");
    }
  }

  std::unique_ptr<Integration> inner_;
};

template <class Factory>
Result<std::unique_ptr<Integration>> guarded_create(HostServices& host, Factory&& factory) noexcept {
  try {
    std::unique_ptr<Integration> made = factory(host);
    if (!made) return Status(Code::internal, "The integration could not start.", "factory returned null");
    return std::unique_ptr<Integration>(std::make_unique<ExceptionBarrier>(std::move(made)));
  } catch (const std::exception& e) {
    return internal_error("factory", e.what());
  } catch (...) {
    return internal_error("factory", "unknown exception");
  }
}

}  // namespace detail

EATOS_SDK_END_NAMESPACE

/// Exports the plugin entry (see the top of this file). `factory` is callable as
/// `std::unique_ptr<eatos::sdk::Integration>(eatos::sdk::HostServices&)` and may throw.
#define EATOS_PLUGIN(factory)                                                                                 \
  namespace eatos_plugin_entry {                                                                              \
  ::eatos::sdk::Result<std::unique_ptr<::eatos::sdk::Integration>> create(::eatos::sdk::HostServices& host) { \
    return ::eatos::sdk::detail::guarded_create(host, factory);                                               \
  }                                                                                                           \
  }                                                                                                           \
  BOOST_DLL_ALIAS(eatos_plugin_entry::create, eatos_plugin_factory)                                           \
  extern "C" BOOST_SYMBOL_EXPORT const eatos_abi_probe eatos_plugin_abi_probe = {                             \
      EATOS_ABI_PROBE_MAGIC, EATOS_SDK_VERSION_MAJOR, EATOS_SDK_VERSION_MINOR, EATOS_SDK_TOOLCHAIN};
