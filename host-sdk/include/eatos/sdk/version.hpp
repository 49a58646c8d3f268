// The SDK version and the inline ABI namespace.
//
// A plugin records the version it was built against in its ABI probe (plugin.hpp). The host refuses a plugin
// whose major differs from its own or whose minor is newer than its own. Every SDK type lives in
// `eatos::sdk::v1` (inline), so code built against an incompatible major fails to link instead of misbehaving.
//
// Minor versions only add: new types, and virtual methods appended at the end of an interface, so a plugin built
// against an older minor still finds every method where it expects it. A host calls a plugin method added in minor
// N only on plugins built against N or newer (their probe says which).
//
// 1.0: Integration, storage, secrets, logger, clock, scheduler.
// 1.1: POS data (pos.hpp); InstallationStorage::list_after/count/get_many; WriteBatch::erase_range;
//      HostServices::pos/installations; Integration::start_background_work; ActionRequest::progress.
#pragma once

#define EATOS_SDK_VERSION_MAJOR 1
#define EATOS_SDK_VERSION_MINOR 1

// Opens/closes the versioned namespace; bump together with EATOS_SDK_VERSION_MAJOR.
#define EATOS_SDK_BEGIN_NAMESPACE \
  namespace eatos::sdk {          \
  inline namespace v1 {
#define EATOS_SDK_END_NAMESPACE \
  }                             \
  }
