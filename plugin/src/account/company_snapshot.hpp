// What Connect learns about the token's 7shifts company: GET /v2/whoami (which company), GET /v2/companies (its
// name) and every page of GET /v2/company/{id}/locations.
#pragma once

#include <eatos/sdk/status.hpp>
#include <vector>

#include "api/models.hpp"
#include "api/sevenshifts_client.hpp"

namespace eatos::sevenshifts {

struct CompanySnapshot {
  Company company;
  std::vector<Location> locations;  // without deleted ones
};

sdk::Result<CompanySnapshot> fetch_company(SevenShiftsClient& client);

}  // namespace eatos::sevenshifts
