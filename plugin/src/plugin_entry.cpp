// The plugin's entry point: the host finds the factory and ABI probe that EATOS_PLUGIN exports.
#include <eatos/sdk/sdk.hpp>
#include <memory>

#include "sevenshifts_integration.hpp"

namespace {

std::unique_ptr<eatos::sdk::Integration> make_integration(eatos::sdk::HostServices& host) {
  return std::make_unique<eatos::sevenshifts::SevenShiftsIntegration>(host);
}

}  // namespace

EATOS_PLUGIN(make_integration)
