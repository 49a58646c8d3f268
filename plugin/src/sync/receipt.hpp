// An eatOS order as a 7shifts receipt (shared/7SHIFTS_API.md, receipts): the create body (POST), the update body
// (PUT, by ext:{location}:{receipt_id}), and the synthetic receipt of a 5-minute bucket for aggregated backfills.
//
// Money is integer cents; receipt_date is the order's opening instant in UTC (stable across its changes, so an
// edit never moves a sale to another day); tips go in tip_details as `total` (card) and `gratuity`. The inner
// field names of receipt_lines and tip_details are unconfirmed by 7shifts' documentation: this is the one file to
// change if they differ.
#pragma once

#include <cstdint>
#include <eatos/sdk/pos.hpp>
#include <string>

namespace eatos::sevenshifts {

/// "2026-11-30T18:04:05Z".
[[nodiscard]] std::string format_utc(sdk::Instant instant);

/// POST /v2/company/{company}/receipts
[[nodiscard]] std::string receipts_path(std::int64_t company_id);
/// PUT /v2/company/{company}/receipts/ext:{location}:{receipt_id}
[[nodiscard]] std::string receipt_path(std::int64_t company_id, std::int64_t location_id,
                                       const std::string& receipt_id);

/// The bodies to send for an order: `create` for POST, `update` for PUT. A voided order is sent as 7shifts asks:
/// zero totals and status `voided`.
struct ReceiptBodies {
  std::string create;
  std::string update;
};
[[nodiscard]] ReceiptBodies receipt_bodies(const sdk::Order& order, std::int64_t location_id);

/// The orders of one store opened in [start, start + 5 min), summed into one synthetic receipt (voids excluded).
struct SalesBucket {
  sdk::Instant start{};
  int orders = 0;
  sdk::Cents gross = 0;
  sdk::Cents item_discounts = 0;
  sdk::Cents receipt_discounts = 0;
  sdk::Cents net = 0;
  sdk::OrderTips tips;

  static constexpr std::chrono::minutes length{5};
  void add(const sdk::Order& order);
  [[nodiscard]] std::string receipt_id() const;  // "bucket-20261130T1805Z"
};
[[nodiscard]] ReceiptBodies bucket_bodies(const SalesBucket& bucket, std::int64_t location_id);

}  // namespace eatos::sevenshifts
