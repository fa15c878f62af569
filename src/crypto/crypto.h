// Thin, safe wrappers over libsodium used across OneWindow: random bytes and tokens,
// argon2id password hashing, XChaCha20-Poly1305 sealing, keyed BLAKE2b, SHA-512, Ed25519
// signatures, encoding helpers.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include "core/status.h"

namespace ow::crypto {

// Must be called once before any other function (idempotent, thread-safe).
void Init();

std::string RandomBytes(size_t n);
// A random URL-safe token of `bytes` random bytes (base64url, no padding).
std::string RandomToken(size_t bytes = 32);
// A random 128-bit identifier as 32 lowercase hex characters.
std::string NewId();

std::string ToHex(std::string_view bytes);
Result<std::string> FromHex(std::string_view hex);
std::string Base64UrlEncode(std::string_view bytes);  // no padding
Result<std::string> Base64UrlDecode(std::string_view text);
std::string Base64Encode(std::string_view bytes);  // standard, padded
Result<std::string> Base64Decode(std::string_view text);

// argon2id (libsodium crypto_pwhash_str). The returned string embeds salt and parameters.
// kInteractive is libsodium's interactive limits (64 MiB); kMinimum its minimum, for benchmarks
// that register thousands of people and must not spend minutes hashing (never in production:
// such a hash is re-hashed at the next login, see PasswordNeedsRehash).
enum class PasswordCost { kInteractive, kMinimum };
Result<std::string> HashPassword(std::string_view password,
                                 PasswordCost cost = PasswordCost::kInteractive);
bool VerifyPassword(std::string_view hash, std::string_view password);
// True when `hash` was made with other parameters than the current ones (or is malformed), so
// the caller should re-hash the password after a successful login.
bool PasswordNeedsRehash(std::string_view hash);

// Keyed BLAKE2b-256 (crypto_generichash with a 32-byte key); returns raw 32 bytes.
// A key outside libsodium's 16..64-byte range is a programmer error and aborts.
std::string KeyedHash(std::string_view key, std::string_view message);
// Unkeyed BLAKE2b-256, raw bytes.
std::string Hash(std::string_view message);

// XChaCha20-Poly1305 (IETF AEAD) with a random 24-byte nonce prepended to the ciphertext.
// `aad` is authenticated but not encrypted (bind ciphertexts to their row/purpose).
// Seal aborts on a key that is not 32 bytes (programmer error); Open returns kInternal for a
// wrong key size and kInvalid when the data fails authentication.
std::string Seal(std::string_view key32, std::string_view plaintext, std::string_view aad = {});
Result<std::string> Open(std::string_view key32, std::string_view sealed,
                         std::string_view aad = {});

// Constant-time comparison.
bool Equal(std::string_view a, std::string_view b);

// SHA-512, raw 64 bytes (X-Road's request hash, body digests of signed calls).
std::string Sha512(std::string_view message);

// Ed25519 (libsodium crypto_sign): a key pair as raw bytes (public 32, secret 64), detached
// signatures of 64 bytes. Verify returns false for a wrong-sized key or signature.
struct Ed25519KeyPair {
  std::string public_key;
  std::string secret_key;
};
Ed25519KeyPair NewEd25519KeyPair();
// The key pair of a 32-byte seed (RFC 8032's private key; crypto_sign_seed_keypair), for keys
// that must be derived deterministically (simulators, tests). Aborts unless 32 bytes.
Ed25519KeyPair Ed25519KeyPairFromSeed(std::string_view seed32);
// `secret_key` must be 64 bytes (aborts otherwise: programmer error).
std::string Ed25519Sign(std::string_view secret_key, std::string_view message);
bool Ed25519Verify(std::string_view public_key, std::string_view message,
                   std::string_view signature);

// The secret keys of an installation, loaded from a key file (or the ONEWINDOW_MASTER_KEY env
// variable, base64 of 32 bytes). From the 32-byte master key, purpose keys are derived with
// crypto_kdf: data encryption key (resident IDs), blind-index key, token hashing key, and a
// key for encrypting private signing keys at rest.
class KeyRing {
 public:
  // Loads the master key from `path`; when the file does not exist, generates a new one and
  // writes it with 0600 permissions (parent directory created 0700). Refuses a key file that
  // is readable by group/others or of the wrong size.
  // When ONEWINDOW_MASTER_KEY is set (non-empty) it is used instead and the file is not
  // touched. Concurrent first starts agree on one key (the file is published atomically).
  static Result<KeyRing> LoadOrCreate(const std::string& path);
  // `master32` must be exactly 32 bytes (aborts otherwise: programmer error).
  static KeyRing FromMaster(std::string_view master32);

  static constexpr const char* kEnvVar = "ONEWINDOW_MASTER_KEY";

  const std::string& data_key() const { return data_key_; }
  const std::string& index_key() const { return index_key_; }
  const std::string& token_key() const { return token_key_; }
  const std::string& signing_wrap_key() const { return signing_wrap_key_; }

 private:
  std::string data_key_, index_key_, token_key_, signing_wrap_key_;
};

}  // namespace ow::crypto
