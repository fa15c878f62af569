// COSE signature algorithms (RFC 9053): EdDSA/Ed25519 via libsodium, ES256 and PS256 via
// OpenSSL. COSE carries ECDSA signatures as raw r||s; OpenSSL wants DER, so this file also
// converts between the two.
#pragma once

#include <openssl/evp.h>

#include <cstdint>

#include "codes/bytes.h"
#include "core/status.h"

namespace ow::codes {

inline constexpr int64_t kAlgEdDSA = -8;
inline constexpr int64_t kAlgES256 = -7;
inline constexpr int64_t kAlgPS256 = -37;

inline constexpr size_t kEd25519PublicKeySize = 32;
inline constexpr size_t kEd25519SecretKeySize = 64;
inline constexpr size_t kEd25519SignatureSize = 64;

// Initialises libsodium once (thread-safe, idempotent).
void EnsureSodium();

bool Ed25519Verify(ByteView public_key, ByteView message, ByteView signature);
// secret_key is libsodium's 64-byte form (seed || public key).
Bytes Ed25519Sign(ByteView secret_key, ByteView message);

// Raw r||s (2*n bytes) <-> DER ECDSA-Sig-Value.
Result<Bytes> EcdsaRawToDer(ByteView raw);
Result<Bytes> EcdsaDerToRaw(ByteView der, size_t n);

// True when the key's type fits the COSE alg (EC P-256 for ES256, RSA for PS256, Ed25519
// for EdDSA).
bool KeyMatchesAlg(int64_t alg, EVP_PKEY* key);
// Verifies a COSE signature (raw r||s for ES256) with an OpenSSL public key.
bool VerifyWithKey(int64_t alg, EVP_PKEY* key, ByteView message, ByteView signature);
// Signs with an OpenSSL private key, returning the COSE form of the signature.
Result<Bytes> SignWithKey(int64_t alg, EVP_PKEY* key, ByteView message);

}  // namespace ow::codes
