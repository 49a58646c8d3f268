// The SDK version and the inline ABI namespace.
//
// A plugin records the version it was built against in its ABI probe (plugin.hpp). The host refuses a plugin
// whose major differs from its own or whose minor is newer than its own. Every SDK type lives in
// `eatos::sdk::v1` (inline), so code built against an incompatible major fails to link instead of misbehaving.
#pragma once

#define EATOS_SDK_VERSION_MAJOR 1
#define EATOS_SDK_VERSION_MINOR 0

// Opens/closes the versioned namespace; bump together with EATOS_SDK_VERSION_MAJOR.
#define EATOS_SDK_BEGIN_NAMESPACE \
  namespace eatos::sdk {          \
  inline namespace v1 {
#define EATOS_SDK_END_NAMESPACE \
  }                             \
  }
