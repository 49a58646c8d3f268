// Masks secret values in text bound for a log line: the second line of defence behind sdk::Secret.
//
// The host registers every secret it handles (form input, values decrypted for a plugin); `scrub` replaces each
// occurrence with "[redacted]". Thread-safe.
#pragma once

#include <mutex>
#include <string>
#include <string_view>
#include <vector>

namespace eatos::host {

class Redactor {
 public:
  Redactor() = default;
  Redactor(const Redactor&) = delete;
  Redactor& operator=(const Redactor&) = delete;
  ~Redactor();

  /// Remembers `secret` for masking. Values shorter than 4 characters are ignored (they would mask ordinary text).
  void remember(std::string_view secret);
  [[nodiscard]] std::string scrub(std::string_view text) const;

 private:
  mutable std::mutex mutex_;
  std::vector<std::string> secrets_;
};

}  // namespace eatos::host
