#include "services/redactor.hpp"

#include <sodium.h>

#include <algorithm>

namespace eatos::host {

Redactor::~Redactor() {
  for (auto& secret : secrets_) sodium_memzero(secret.data(), secret.size());
}

void Redactor::remember(std::string_view secret) {
  if (secret.size() < 4) return;
  const std::lock_guard lock(mutex_);
  if (std::find(secrets_.begin(), secrets_.end(), secret) == secrets_.end()) secrets_.emplace_back(secret);
}

std::string Redactor::scrub(std::string_view text) const {
  std::string out(text);
  const std::lock_guard lock(mutex_);
  for (const auto& secret : secrets_) {
    for (auto at = out.find(secret); at != std::string::npos; at = out.find(secret, at)) {
      out.replace(at, secret.size(), "[redacted]");
    }
  }
  return out;
}

}  // namespace eatos::host
