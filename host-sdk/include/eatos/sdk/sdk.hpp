// Everything a plugin author needs: `#include <eatos/sdk/sdk.hpp>`.
#pragma once

#include "eatos/sdk/integration.hpp"  // IWYU pragma: export
#include "eatos/sdk/plugin.hpp"       // IWYU pragma: export
#include "eatos/sdk/pos.hpp"          // IWYU pragma: export
#include "eatos/sdk/secret.hpp"       // IWYU pragma: export
#include "eatos/sdk/services.hpp"     // IWYU pragma: export
#include "eatos/sdk/status.hpp"       // IWYU pragma: export
#include "eatos/sdk/version.hpp"      // IWYU pragma: export
