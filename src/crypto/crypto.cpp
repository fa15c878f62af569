// Random values, password hashing, BLAKE2b and XChaCha20-Poly1305 wrappers of crypto.h.
#include "crypto/crypto.h"

#include <sodium.h>

#include <cstdio>
#include <cstdlib>
#include <string>
#include <string_view>

namespace ow::crypto {
namespace {

// A broken precondition (e.g. a key of the wrong size): fail closed rather than encrypt or
// hash with something that is not the intended key.
[[noreturn]] void Fatal(const char* message) {
  std::fprintf(stderr, "ow::crypto: fatal: %s\n", message);
  std::abort();
}

const unsigned char* U(std::string_view s) {
  return reinterpret_cast<const unsigned char*>(s.data());
}
unsigned char* U(std::string& s) { return reinterpret_cast<unsigned char*>(s.data()); }

constexpr size_t kHashBytes = 32;
constexpr size_t kNonceBytes = crypto_aead_xchacha20poly1305_ietf_NPUBBYTES;
constexpr size_t kTagBytes = crypto_aead_xchacha20poly1305_ietf_ABYTES;

}  // namespace

void Init() {
  // sodium_init is itself idempotent and thread-safe; the static only avoids repeated calls.
  static const bool initialised = sodium_init() >= 0;
  if (!initialised) Fatal("sodium_init failed");
}

std::string RandomBytes(size_t n) {
  Init();
  std::string out(n, '\0');
  if (n > 0) randombytes_buf(out.data(), n);
  return out;
}

std::string RandomToken(size_t bytes) { return Base64UrlEncode(RandomBytes(bytes)); }

std::string NewId() { return ToHex(RandomBytes(16)); }

Result<std::string> HashPassword(std::string_view password, PasswordCost cost) {
  Init();
  if (password.size() > crypto_pwhash_PASSWD_MAX) return Status::Invalid("password too long");
  char out[crypto_pwhash_STRBYTES];
  const bool minimum = cost == PasswordCost::kMinimum;
  if (crypto_pwhash_str(
          out, password.data(), password.size(),
          minimum ? crypto_pwhash_OPSLIMIT_MIN : crypto_pwhash_OPSLIMIT_INTERACTIVE,
          minimum ? crypto_pwhash_MEMLIMIT_MIN : crypto_pwhash_MEMLIMIT_INTERACTIVE) != 0) {
    return Status::Internal("password hashing failed (out of memory?)");
  }
  return std::string(out);
}

bool VerifyPassword(std::string_view hash, std::string_view password) {
  Init();
  if (hash.empty() || hash.size() >= crypto_pwhash_STRBYTES) return false;
  if (password.size() > crypto_pwhash_PASSWD_MAX) return false;
  char str[crypto_pwhash_STRBYTES] = {};
  hash.copy(str, hash.size());
  return crypto_pwhash_str_verify(str, password.data(), password.size()) == 0;
}

bool PasswordNeedsRehash(std::string_view hash) {
  Init();
  if (hash.empty() || hash.size() >= crypto_pwhash_STRBYTES) return true;
  char str[crypto_pwhash_STRBYTES] = {};
  hash.copy(str, hash.size());
  return crypto_pwhash_str_needs_rehash(str, crypto_pwhash_OPSLIMIT_INTERACTIVE,
                                        crypto_pwhash_MEMLIMIT_INTERACTIVE) != 0;
}

std::string KeyedHash(std::string_view key, std::string_view message) {
  Init();
  if (key.size() < crypto_generichash_KEYBYTES_MIN ||
      key.size() > crypto_generichash_KEYBYTES_MAX) {
    Fatal("KeyedHash: key must be 16..64 bytes (32 expected)");
  }
  std::string out(kHashBytes, '\0');
  crypto_generichash(U(out), out.size(), U(message), message.size(), U(key), key.size());
  return out;
}

std::string Hash(std::string_view message) {
  Init();
  std::string out(kHashBytes, '\0');
  crypto_generichash(U(out), out.size(), U(message), message.size(), nullptr, 0);
  return out;
}

std::string Seal(std::string_view key32, std::string_view plaintext, std::string_view aad) {
  Init();
  if (key32.size() != crypto_aead_xchacha20poly1305_ietf_KEYBYTES) {
    Fatal("Seal: key must be 32 bytes");
  }
  std::string out(kNonceBytes + plaintext.size() + kTagBytes, '\0');
  randombytes_buf(out.data(), kNonceBytes);
  unsigned long long written = 0;
  crypto_aead_xchacha20poly1305_ietf_encrypt(U(out) + kNonceBytes, &written, U(plaintext),
                                             plaintext.size(), U(aad), aad.size(), nullptr, U(out),
                                             U(key32));
  out.resize(kNonceBytes + written);
  return out;
}

Result<std::string> Open(std::string_view key32, std::string_view sealed, std::string_view aad) {
  Init();
  if (key32.size() != crypto_aead_xchacha20poly1305_ietf_KEYBYTES) {
    return Status::Internal("Open: key must be 32 bytes");
  }
  if (sealed.size() < kNonceBytes + kTagBytes) return Status::Invalid("sealed data too short");
  std::string out(sealed.size() - kNonceBytes - kTagBytes, '\0');
  unsigned long long written = 0;
  if (crypto_aead_xchacha20poly1305_ietf_decrypt(U(out), &written, nullptr, U(sealed) + kNonceBytes,
                                                 sealed.size() - kNonceBytes, U(aad), aad.size(),
                                                 U(sealed), U(key32)) != 0) {
    return Status::Invalid("sealed data failed authentication (tampered, wrong key or aad)");
  }
  out.resize(written);
  return out;
}

bool Equal(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) return false;
  if (a.empty()) return true;
  return sodium_memcmp(a.data(), b.data(), a.size()) == 0;
}

std::string Sha512(std::string_view message) {
  std::string out(crypto_hash_sha512_BYTES, '\0');
  crypto_hash_sha512(reinterpret_cast<unsigned char*>(out.data()), U(message), message.size());
  return out;
}

Ed25519KeyPair NewEd25519KeyPair() {
  Init();
  Ed25519KeyPair kp{std::string(crypto_sign_PUBLICKEYBYTES, '\0'),
                    std::string(crypto_sign_SECRETKEYBYTES, '\0')};
  crypto_sign_keypair(reinterpret_cast<unsigned char*>(kp.public_key.data()),
                      reinterpret_cast<unsigned char*>(kp.secret_key.data()));
  return kp;
}

Ed25519KeyPair Ed25519KeyPairFromSeed(std::string_view seed32) {
  if (seed32.size() != crypto_sign_SEEDBYTES) std::abort();
  Init();
  Ed25519KeyPair kp{std::string(crypto_sign_PUBLICKEYBYTES, '\0'),
                    std::string(crypto_sign_SECRETKEYBYTES, '\0')};
  crypto_sign_seed_keypair(reinterpret_cast<unsigned char*>(kp.public_key.data()),
                           reinterpret_cast<unsigned char*>(kp.secret_key.data()), U(seed32));
  return kp;
}

std::string Ed25519Sign(std::string_view secret_key, std::string_view message) {
  if (secret_key.size() != crypto_sign_SECRETKEYBYTES) std::abort();
  std::string sig(crypto_sign_BYTES, '\0');
  crypto_sign_detached(reinterpret_cast<unsigned char*>(sig.data()), nullptr, U(message),
                       message.size(), U(secret_key));
  return sig;
}

bool Ed25519Verify(std::string_view public_key, std::string_view message,
                   std::string_view signature) {
  if (public_key.size() != crypto_sign_PUBLICKEYBYTES || signature.size() != crypto_sign_BYTES)
    return false;
  return crypto_sign_verify_detached(U(signature), U(message), message.size(), U(public_key)) == 0;
}

}  // namespace ow::crypto
