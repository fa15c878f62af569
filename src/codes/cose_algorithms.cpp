#include "codes/cose_algorithms.h"

#include <openssl/bn.h>
#include <openssl/ec.h>
#include <openssl/rsa.h>
#include <sodium.h>

#include <cstring>
#include <memory>

namespace ow::codes {
namespace {

struct MdCtxDeleter {
  void operator()(EVP_MD_CTX* c) const { EVP_MD_CTX_free(c); }
};
struct SigDeleter {
  void operator()(ECDSA_SIG* s) const { ECDSA_SIG_free(s); }
};
using MdCtxPtr = std::unique_ptr<EVP_MD_CTX, MdCtxDeleter>;
using SigPtr = std::unique_ptr<ECDSA_SIG, SigDeleter>;

const EVP_MD* DigestFor(int64_t alg) { return alg == kAlgEdDSA ? nullptr : EVP_sha256(); }

// Sets RSA-PSS with salt length = digest length (RFC 8230) on a sign/verify context.
bool ConfigurePss(int64_t alg, EVP_PKEY_CTX* pctx) {
  if (alg != kAlgPS256) return true;
  return EVP_PKEY_CTX_set_rsa_padding(pctx, RSA_PKCS1_PSS_PADDING) > 0 &&
         EVP_PKEY_CTX_set_rsa_pss_saltlen(pctx, RSA_PSS_SALTLEN_DIGEST) > 0 &&
         EVP_PKEY_CTX_set_rsa_mgf1_md(pctx, EVP_sha256()) > 0;
}

}  // namespace

void EnsureSodium() {
  static const int rc = sodium_init();
  (void)rc;
}

bool Ed25519Verify(ByteView public_key, ByteView message, ByteView signature) {
  if (public_key.size() != crypto_sign_PUBLICKEYBYTES || signature.size() != crypto_sign_BYTES) {
    return false;
  }
  return crypto_sign_verify_detached(signature.data(), message.data(), message.size(),
                                     public_key.data()) == 0;
}

Bytes Ed25519Sign(ByteView secret_key, ByteView message) {
  Bytes sig(crypto_sign_BYTES);
  if (secret_key.size() != crypto_sign_SECRETKEYBYTES) return {};
  crypto_sign_detached(sig.data(), nullptr, message.data(), message.size(), secret_key.data());
  return sig;
}

Result<Bytes> EcdsaRawToDer(ByteView raw) {
  if (raw.empty() || raw.size() % 2 != 0 || raw.size() > 132) {
    return Status::BadRequest("ecdsa: bad raw signature length");
  }
  const int n = static_cast<int>(raw.size() / 2);
  SigPtr sig(ECDSA_SIG_new());
  BIGNUM* r = BN_bin2bn(raw.data(), n, nullptr);
  BIGNUM* s = BN_bin2bn(raw.data() + n, n, nullptr);
  if (!sig || !r || !s || ECDSA_SIG_set0(sig.get(), r, s) != 1) {
    BN_free(r);
    BN_free(s);
    return Status::Internal("ecdsa: out of memory");
  }
  const int len = i2d_ECDSA_SIG(sig.get(), nullptr);
  if (len <= 0) return Status::Internal("ecdsa: DER encoding failed");
  Bytes der(static_cast<size_t>(len));
  unsigned char* p = der.data();
  i2d_ECDSA_SIG(sig.get(), &p);
  return der;
}

Result<Bytes> EcdsaDerToRaw(ByteView der, size_t n) {
  const unsigned char* p = der.data();
  SigPtr sig(d2i_ECDSA_SIG(nullptr, &p, static_cast<long>(der.size())));
  if (!sig) return Status::BadRequest("ecdsa: bad DER signature");
  const BIGNUM* r = nullptr;
  const BIGNUM* s = nullptr;
  ECDSA_SIG_get0(sig.get(), &r, &s);
  Bytes raw(2 * n);
  if (BN_bn2binpad(r, raw.data(), static_cast<int>(n)) < 0 ||
      BN_bn2binpad(s, raw.data() + n, static_cast<int>(n)) < 0) {
    return Status::BadRequest("ecdsa: component too large");
  }
  return raw;
}

bool KeyMatchesAlg(int64_t alg, EVP_PKEY* key) {
  if (key == nullptr) return false;
  const int id = EVP_PKEY_get_base_id(key);
  switch (alg) {
    case kAlgES256: {
      if (id != EVP_PKEY_EC) return false;
      char group[64] = {0};
      size_t len = 0;
      if (EVP_PKEY_get_group_name(key, group, sizeof group, &len) != 1) return false;
      return std::strcmp(group, "prime256v1") == 0 || std::strcmp(group, "P-256") == 0;
    }
    case kAlgPS256:
      return id == EVP_PKEY_RSA || id == EVP_PKEY_RSA_PSS;
    case kAlgEdDSA:
      return id == EVP_PKEY_ED25519;
    default:
      return false;
  }
}

bool VerifyWithKey(int64_t alg, EVP_PKEY* key, ByteView message, ByteView signature) {
  if (!KeyMatchesAlg(alg, key)) return false;
  Bytes der;
  ByteView sig = signature;
  if (alg == kAlgES256) {
    if (signature.size() != 64) return false;
    auto converted = EcdsaRawToDer(signature);
    if (!converted.ok()) return false;
    der = std::move(converted).value();
    sig = der;
  }
  MdCtxPtr ctx(EVP_MD_CTX_new());
  EVP_PKEY_CTX* pctx = nullptr;
  if (!ctx || EVP_DigestVerifyInit(ctx.get(), &pctx, DigestFor(alg), nullptr, key) != 1 ||
      !ConfigurePss(alg, pctx)) {
    return false;
  }
  return EVP_DigestVerify(ctx.get(), sig.data(), sig.size(), message.data(), message.size()) == 1;
}

Result<Bytes> SignWithKey(int64_t alg, EVP_PKEY* key, ByteView message) {
  if (!KeyMatchesAlg(alg, key)) return Status::Invalid("key does not fit the algorithm");
  MdCtxPtr ctx(EVP_MD_CTX_new());
  EVP_PKEY_CTX* pctx = nullptr;
  if (!ctx || EVP_DigestSignInit(ctx.get(), &pctx, DigestFor(alg), nullptr, key) != 1 ||
      !ConfigurePss(alg, pctx)) {
    return Status::Internal("signing setup failed");
  }
  size_t len = 0;
  if (EVP_DigestSign(ctx.get(), nullptr, &len, message.data(), message.size()) != 1) {
    return Status::Internal("signing failed");
  }
  Bytes sig(len);
  if (EVP_DigestSign(ctx.get(), sig.data(), &len, message.data(), message.size()) != 1) {
    return Status::Internal("signing failed");
  }
  sig.resize(len);
  if (alg == kAlgES256) return EcdsaDerToRaw(sig, 32);
  return sig;
}

}  // namespace ow::codes
