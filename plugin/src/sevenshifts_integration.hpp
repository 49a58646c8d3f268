// The 7Shift entry of the Integrations section: what it shows (entry, Connect form, More Options) and how it
// answers for one restaurant.
#pragma once

#include <eatos/sdk/sdk.hpp>

namespace eatos::sevenshifts {

class SevenShiftsIntegration final : public sdk::Integration {
 public:
  explicit SevenShiftsIntegration(sdk::HostServices& host) : host_(host) {}

  sdk::Result<sdk::Descriptor> describe() const override;
  sdk::Result<sdk::InstallationStatus> status(const sdk::Request& request) override;
  sdk::Result<sdk::ActionOutcome> act(sdk::ActionRequest& request) override;

 private:
  sdk::HostServices& host_;
};

}  // namespace eatos::sevenshifts
