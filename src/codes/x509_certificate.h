// X509Certificate: a parsed DER X.509 certificate that signs EU Digital COVID Certificates
// (a Document Signer Certificate), with its DCC key id, public key and validity window.
#pragma once

#include <openssl/evp.h>
#include <openssl/x509.h>

#include <cstdint>
#include <memory>

#include "codes/bytes.h"
#include "core/status.h"

namespace ow::codes {

// Immutable after parsing; share it with std::shared_ptr<const X509Certificate>.
class X509Certificate {
 public:
  // Parses a DER certificate (the whole input must be one certificate).
  static Result<std::shared_ptr<const X509Certificate>> FromDer(ByteView der);
  ~X509Certificate();
  X509Certificate(const X509Certificate&) = delete;
  X509Certificate& operator=(const X509Certificate&) = delete;

  const Bytes& der() const { return der_; }
  // The DCC kid: the first 8 bytes of SHA-256 over the DER certificate.
  const Bytes& kid() const { return kid_; }
  EVP_PKEY* public_key() const { return key_; }
  // Validity window in Unix seconds (notBefore, notAfter inclusive).
  int64_t not_before() const { return not_before_; }
  int64_t not_after() const { return not_after_; }
  bool ValidAt(int64_t unix_seconds) const {
    return unix_seconds >= not_before_ && unix_seconds <= not_after_;
  }

 private:
  X509Certificate() = default;

  X509* cert_ = nullptr;
  EVP_PKEY* key_ = nullptr;  // owned by cert_
  Bytes der_;
  Bytes kid_;
  int64_t not_before_ = 0;
  int64_t not_after_ = 0;
};

// The DCC kid of a DER certificate (first 8 bytes of its SHA-256).
Bytes CertificateKid(ByteView der);

}  // namespace ow::codes
