#include "storage/secret_key.hpp"

#include <fcntl.h>
#include <sodium.h>
#include <sys/stat.h>
#include <unistd.h>

#include <array>
#include <cerrno>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <system_error>

namespace eatos::host {

struct SecretKey::Bytes {
  std::array<unsigned char, crypto_aead_xchacha20poly1305_ietf_KEYBYTES> key;
};

void SecretKey::Free::operator()(Bytes* bytes) const noexcept { sodium_free(bytes); }

namespace {

constexpr std::size_t key_size = crypto_aead_xchacha20poly1305_ietf_KEYBYTES;

void ensure_sodium() {
  if (sodium_init() < 0) throw SecretKeyError("libsodium could not be initialised");
}

std::string errno_text(int error) { return std::system_category().message(error); }

class FileDescriptor {
 public:
  explicit FileDescriptor(int fd) : fd_(fd) {}
  FileDescriptor(const FileDescriptor&) = delete;
  FileDescriptor& operator=(const FileDescriptor&) = delete;
  ~FileDescriptor() {
    if (fd_ >= 0) ::close(fd_);
  }
  [[nodiscard]] int get() const noexcept { return fd_; }

 private:
  int fd_;
};

void read_key_file(const std::filesystem::path& path, unsigned char* out) {
  const FileDescriptor fd(::open(path.c_str(), O_RDONLY | O_NOFOLLOW | O_CLOEXEC));
  if (fd.get() < 0) throw SecretKeyError("cannot read secret key file " + path.string() + ": " + errno_text(errno));
  struct stat info {};
  if (::fstat(fd.get(), &info) != 0) {
    throw SecretKeyError("cannot inspect secret key file " + path.string() + ": " + errno_text(errno));
  }
  if (!S_ISREG(info.st_mode)) throw SecretKeyError("secret key file " + path.string() + " is not a regular file");
  if ((info.st_mode & 077U) != 0) {
    char mode[8];
    std::snprintf(mode, sizeof mode, "%04o", info.st_mode & 07777U);
    throw SecretKeyError("secret key file " + path.string() + " has mode " + mode +
                         "; it must be readable by its owner only (chmod 600 " + path.string() + ")");
  }
  if (info.st_uid != ::geteuid()) {
    throw SecretKeyError("secret key file " + path.string() + " belongs to another user");
  }
  if (static_cast<std::size_t>(info.st_size) != key_size) {
    throw SecretKeyError("secret key file " + path.string() + " is damaged: it must hold exactly " +
                         std::to_string(key_size) + " bytes");
  }
  std::size_t done = 0;
  while (done < key_size) {
    const ssize_t n = ::read(fd.get(), out + done, key_size - done);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) throw SecretKeyError("cannot read secret key file " + path.string());
    done += static_cast<std::size_t>(n);
  }
}

/// Creates the key file with O_EXCL; false when another process created it first.
bool create_key_file(const std::filesystem::path& path, const unsigned char* key) {
  const FileDescriptor fd(::open(path.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0600));
  if (fd.get() < 0) {
    if (errno == EEXIST) return false;
    throw SecretKeyError("cannot create secret key file " + path.string() + ": " + errno_text(errno));
  }
  std::size_t done = 0;
  while (done < key_size) {
    const ssize_t n = ::write(fd.get(), key + done, key_size - done);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) throw SecretKeyError("cannot write secret key file " + path.string() + ": " + errno_text(errno));
    done += static_cast<std::size_t>(n);
  }
  if (::fsync(fd.get()) != 0) {
    throw SecretKeyError("cannot write secret key file " + path.string() + ": " + errno_text(errno));
  }
  return true;
}

}  // namespace

SecretKey SecretKey::load(const std::filesystem::path& data_dir, bool create_if_missing) {
  ensure_sodium();
  auto* raw = static_cast<Bytes*>(sodium_malloc(sizeof(Bytes)));
  if (raw == nullptr) throw SecretKeyError("cannot allocate protected memory for the secret key");
  std::unique_ptr<Bytes, Free> bytes(raw);
  unsigned char* key = bytes->key.data();

  if (const char* hex = std::getenv(environment_variable); hex != nullptr && *hex != '\0') {
    std::size_t decoded = 0;
    const char* end = nullptr;
    if (sodium_hex2bin(key, key_size, hex, std::strlen(hex), nullptr, &decoded, &end) != 0 || decoded != key_size ||
        *end != '\0') {
      throw SecretKeyError(std::string(environment_variable) + " must be " + std::to_string(2 * key_size) +
                           " hexadecimal digits (a " + std::to_string(key_size) + "-byte key)");
    }
    return SecretKey(std::move(bytes));
  }

  const auto path = data_dir / file_name;
  if (!std::filesystem::exists(std::filesystem::symlink_status(path))) {
    if (!create_if_missing) {
      throw SecretKeyError("secret key file " + path.string() +
                           " is missing, and the secrets stored in this data dir cannot be decrypted without it; "
                           "restore it, or set " +
                           environment_variable);
    }
    std::array<unsigned char, key_size> fresh{};
    randombytes_buf(fresh.data(), fresh.size());
    const bool created = create_key_file(path, fresh.data());
    sodium_memzero(fresh.data(), fresh.size());
    if (created) {
      read_key_file(path, key);
      return SecretKey(std::move(bytes));
    }
  }
  read_key_file(path, key);
  return SecretKey(std::move(bytes));
}

std::string SecretKey::fingerprint() const {
  static constexpr unsigned char context[] = "eatos secret key fingerprint v1";
  std::array<unsigned char, 16> hash{};
  crypto_generichash(hash.data(), hash.size(), context, sizeof context - 1, bytes_->key.data(), key_size);
  std::array<char, 2 * 16 + 1> hex{};
  sodium_bin2hex(hex.data(), hex.size(), hash.data(), hash.size());
  return {hex.data()};
}

Sealed SecretKey::seal(std::string_view plaintext, std::string_view associated_data) const {
  Sealed sealed;
  sealed.nonce.resize(crypto_aead_xchacha20poly1305_ietf_NPUBBYTES);
  randombytes_buf(sealed.nonce.data(), sealed.nonce.size());
  sealed.ciphertext.resize(plaintext.size() + crypto_aead_xchacha20poly1305_ietf_ABYTES);
  unsigned long long length = 0;
  crypto_aead_xchacha20poly1305_ietf_encrypt(
      reinterpret_cast<unsigned char*>(sealed.ciphertext.data()), &length,
      reinterpret_cast<const unsigned char*>(plaintext.data()), plaintext.size(),
      reinterpret_cast<const unsigned char*>(associated_data.data()), associated_data.size(), nullptr,
      reinterpret_cast<const unsigned char*>(sealed.nonce.data()), bytes_->key.data());
  sealed.ciphertext.resize(static_cast<std::size_t>(length));
  return sealed;
}

std::optional<std::string> SecretKey::open(const Sealed& sealed, std::string_view associated_data) const {
  if (sealed.nonce.size() != crypto_aead_xchacha20poly1305_ietf_NPUBBYTES ||
      sealed.ciphertext.size() < crypto_aead_xchacha20poly1305_ietf_ABYTES) {
    return std::nullopt;
  }
  std::string plaintext(sealed.ciphertext.size() - crypto_aead_xchacha20poly1305_ietf_ABYTES, '\0');
  unsigned long long length = 0;
  if (crypto_aead_xchacha20poly1305_ietf_decrypt(
          reinterpret_cast<unsigned char*>(plaintext.data()), &length, nullptr,
          reinterpret_cast<const unsigned char*>(sealed.ciphertext.data()), sealed.ciphertext.size(),
          reinterpret_cast<const unsigned char*>(associated_data.data()), associated_data.size(),
          reinterpret_cast<const unsigned char*>(sealed.nonce.data()), bytes_->key.data()) != 0) {
    return std::nullopt;
  }
  plaintext.resize(static_cast<std::size_t>(length));
  return plaintext;
}

}  // namespace eatos::host
