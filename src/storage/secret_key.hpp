// The host's key for secrets at rest, and the authenticated encryption that uses it (libsodium
// XChaCha20-Poly1305). Each ciphertext is bound to the row it is stored in (plugin, installation, name), so an
// encrypted secret copied into another restaurant's row does not decrypt.
#pragma once

#include <filesystem>
#include <memory>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>

namespace eatos::host {

/// Why the key could not be had; the message names the file or variable, never the key.
class SecretKeyError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

struct Sealed {
  std::string nonce;
  std::string ciphertext;
};

class SecretKey {
 public:
  static constexpr const char* environment_variable = "EATOS_SECRET_KEY";
  static constexpr const char* file_name = "secret.key";

  /// The key from $EATOS_SECRET_KEY (64 hex digits) when set and not empty, else from `<data_dir>/secret.key`,
  /// which is refused when readable by anyone but its owner. When the file is absent it is created (32 random
  /// bytes, mode 0600) if `create_if_missing`, else that is an error (secrets already written need the lost key).
  static SecretKey load(const std::filesystem::path& data_dir, bool create_if_missing);

  SecretKey(SecretKey&&) noexcept = default;
  SecretKey& operator=(SecretKey&&) noexcept = default;
  SecretKey(const SecretKey&) = delete;
  SecretKey& operator=(const SecretKey&) = delete;
  ~SecretKey() = default;

  /// A public fingerprint of the key (hex), stored beside the secrets to tell "wrong key" from "damaged data".
  [[nodiscard]] std::string fingerprint() const;
  [[nodiscard]] Sealed seal(std::string_view plaintext, std::string_view associated_data) const;
  /// The plaintext, or nullopt when the ciphertext or its associated data do not authenticate.
  [[nodiscard]] std::optional<std::string> open(const Sealed& sealed, std::string_view associated_data) const;

 private:
  struct Bytes;  // locked, guarded memory from sodium_malloc
  struct Free {
    void operator()(Bytes* bytes) const noexcept;
  };
  explicit SecretKey(std::unique_ptr<Bytes, Free> bytes) : bytes_(std::move(bytes)) {}

  std::unique_ptr<Bytes, Free> bytes_;
};

}  // namespace eatos::host
