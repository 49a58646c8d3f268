// The 7Shift entry of the Integrations section: what it shows (entry, Connect form, More Options) and what each
// action does for one restaurant: connect, update the token, test the connection, remove; the sales actions
// (mapping, sync now, settings) are the SalesService's.
#pragma once

#include <eatos/sdk/sdk.hpp>
#include <memory>

#include "api/api_access.hpp"
#include "api/http_module.hpp"
#include "sync/sales_service.hpp"

namespace eatos::sevenshifts {

class SevenShiftsIntegration final : public sdk::Integration {
 public:
  /// Talks to 7shifts through libcurl in the http module (SEVENSHIFTS_API_URL, SEVENSHIFTS_TIMEOUT_MS).
  explicit SevenShiftsIntegration(sdk::HostServices& host);
  /// Talks to 7shifts through `make_transport` (tests).
  SevenShiftsIntegration(sdk::HostServices& host, TransportFactory make_transport);

  sdk::Result<sdk::Descriptor> describe() const override;
  sdk::Result<sdk::InstallationStatus> status(const sdk::Request& request) override;
  sdk::Result<sdk::ActionOutcome> act(sdk::ActionRequest& request) override;
  sdk::Status start_background_work() override;

 private:
  sdk::Result<sdk::ActionOutcome> connect(sdk::ActionRequest& request);
  sdk::Result<sdk::ActionOutcome> update_token(sdk::ActionRequest& request);
  sdk::Result<sdk::ActionOutcome> test_connection(sdk::ActionRequest& request);
  sdk::Result<sdk::ActionOutcome> remove(sdk::ActionRequest& request);
  [[nodiscard]] std::string now_utc() const;

  HttpModule http_;  // first: the network module outlives every transport made from it
  sdk::HostServices& host_;
  ApiAccess api_;
  SalesService sales_;
};

}  // namespace eatos::sevenshifts
