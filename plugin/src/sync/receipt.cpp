#include "sync/receipt.hpp"

#include <boost/json.hpp>
#include <ctime>

#include "api/sevenshifts_client.hpp"

namespace eatos::sevenshifts {
namespace {

namespace json = boost::json;

std::tm utc_parts(sdk::Instant instant) {
  const std::time_t seconds = instant.time_since_epoch().count();
  std::tm parts{};
  gmtime_r(&seconds, &parts);
  return parts;
}

json::array tip_details(const sdk::OrderTips& tips) {
  json::array details;
  if (tips.card > 0) details.push_back({{"type", "total"}, {"amount", tips.card}});
  if (tips.gratuity > 0) details.push_back({{"type", "gratuity"}, {"amount", tips.gratuity}});
  return details;
}

/// The fields of a receipt that change with the order (everything but its ids).
json::object totals(sdk::OrderStatus status, sdk::Cents gross, sdk::Cents net, sdk::Cents item_discounts,
                    sdk::Cents receipt_discounts, const sdk::OrderTips& tips) {
  if (status == sdk::OrderStatus::voided) {
    return {{"status", "voided"}, {"net_total", 0}, {"gross_total", 0}, {"tips", 0}, {"tip_details", json::array()}};
  }
  return {{"status", sdk::to_string(status)},
          {"net_total", net},
          {"gross_total", gross},
          {"total_item_discounts", item_discounts},
          {"total_receipt_discounts", receipt_discounts},
          {"tips", tips.card + tips.gratuity},
          {"tip_details", tip_details(tips)}};
}

ReceiptBodies bodies(const json::object& changing, const std::string& receipt_id, std::int64_t location_id,
                     sdk::Instant date) {
  ReceiptBodies out;
  out.update = json::serialize(changing);
  // The create body is the update's fields plus the receipt's identity: spliced, not serialized twice.
  const std::string identity = json::serialize(
      json::object{{"receipt_id", receipt_id}, {"location_id", location_id}, {"receipt_date", format_utc(date)}});
  out.create = out.update;
  out.create.pop_back();  // the closing brace
  if (!changing.empty()) out.create.push_back(',');
  out.create.append(identity, 1, std::string::npos);
  return out;
}

}  // namespace

std::string format_utc(sdk::Instant instant) {
  const std::tm parts = utc_parts(instant);
  char text[32];
  std::strftime(text, sizeof text, "%Y-%m-%dT%H:%M:%SZ", &parts);
  return text;
}

std::string receipts_path(std::int64_t company_id) { return "/v2/company/" + std::to_string(company_id) + "/receipts"; }

std::string receipt_path(std::int64_t company_id, std::int64_t location_id, const std::string& receipt_id) {
  return receipts_path(company_id) + "/ext:" + std::to_string(location_id) + ":" + url_encode(receipt_id);
}

ReceiptBodies receipt_bodies(const sdk::Order& order, std::int64_t location_id) {
  json::object changing =
      totals(order.status, order.gross, order.net, order.item_discounts, order.receipt_discounts, order.tips);
  if (!order.employee_id.empty()) changing["external_user_id"] = order.employee_id;
  if (!order.revenue_center.empty()) changing["revenue_center"] = order.revenue_center;
  json::array lines;
  for (const auto& line : order.lines) {
    lines.push_back({{"name", line.item}, {"quantity", line.quantity}, {"price", line.unit_price}});
  }
  changing["receipt_lines"] = std::move(lines);
  return bodies(changing, order.id, location_id, order.opened_at);
}

void SalesBucket::add(const sdk::Order& order) {
  if (order.status == sdk::OrderStatus::voided) return;
  ++orders;
  gross += order.gross;
  item_discounts += order.item_discounts;
  receipt_discounts += order.receipt_discounts;
  net += order.net;
  tips.card += order.tips.card;
  tips.gratuity += order.tips.gratuity;
}

std::string SalesBucket::receipt_id() const {
  const std::tm parts = utc_parts(start);
  char text[32];
  std::strftime(text, sizeof text, "bucket-%Y%m%dT%H%MZ", &parts);
  return text;
}

ReceiptBodies bucket_bodies(const SalesBucket& bucket, std::int64_t location_id) {
  return bodies(totals(sdk::OrderStatus::closed, bucket.gross, bucket.net, bucket.item_discounts,
                       bucket.receipt_discounts, bucket.tips),
                bucket.receipt_id(), location_id, bucket.start);
}

}  // namespace eatos::sevenshifts
