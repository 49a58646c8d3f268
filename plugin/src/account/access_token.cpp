#include "account/access_token.hpp"

#include <cctype>
#include <string_view>

namespace eatos::sevenshifts {
namespace {

bool is_blank(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r'; }

sdk::Status refuse(const std::string& why) {
  return {sdk::Code::invalid_argument, "The access token " + why, "access token refused: " + why};
}

}  // namespace

sdk::Result<sdk::Secret> normalize_access_token(const sdk::Secret& pasted) {
  std::string_view text = pasted.expose();
  while (!text.empty() && is_blank(text.front())) text.remove_prefix(1);
  while (!text.empty() && is_blank(text.back())) text.remove_suffix(1);
  // A pasted "Bearer <token>" (any case); "Bearer" alone leaves nothing.
  constexpr std::string_view bearer = "bearer";
  const auto starts_with_bearer = [&] {
    if (text.size() < bearer.size()) return false;
    for (std::size_t i = 0; i < bearer.size(); ++i) {
      if (std::tolower(static_cast<unsigned char>(text[i])) != bearer[i]) return false;
    }
    return text.size() == bearer.size() || is_blank(text[bearer.size()]);
  };
  if (starts_with_bearer()) {
    text.remove_prefix(bearer.size());
    while (!text.empty() && is_blank(text.front())) text.remove_prefix(1);
  }

  if (text.empty()) return refuse("is empty: paste the token you created in 7shifts (Settings → Developer Tools).");
  if (text.size() > max_access_token_length) {
    return refuse("is longer than 4096 characters, so it is not a 7shifts token: paste only the token.");
  }
  for (std::size_t i = 0; i < text.size(); ++i) {
    const auto c = static_cast<unsigned char>(text[i]);
    const std::string where = " (character " + std::to_string(i + 1) + ")";
    if (c < 0x20 || c == 0x7f) return refuse("contains a control character" + where + ": paste it on one line.");
    if (c > 0x7f) {
      return refuse("contains a character that is not plain ASCII" + where +
                    ": 7shifts tokens are letters, digits and punctuation. Copy it again from 7shifts.");
    }
    if (c == ' ') return refuse("contains a space" + where + ": paste only the token.");
  }
  return sdk::Secret(std::string(text));
}

std::optional<std::string> token_last4(const sdk::Secret& token) {
  if (token.size() < 16) return std::nullopt;
  return std::string(token.expose().substr(token.size() - 4));
}

}  // namespace eatos::sevenshifts
