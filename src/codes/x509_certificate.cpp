#include "codes/x509_certificate.h"

#include <openssl/asn1.h>
#include <openssl/sha.h>

#include <ctime>

namespace ow::codes {
namespace {

bool ToUnix(const ASN1_TIME* t, int64_t& out) {
  struct tm tm {};
  if (t == nullptr || ASN1_TIME_to_tm(t, &tm) != 1) return false;
  out = static_cast<int64_t>(timegm(&tm));
  return true;
}

}  // namespace

Bytes CertificateKid(ByteView der) {
  unsigned char digest[SHA256_DIGEST_LENGTH];
  SHA256(der.data(), der.size(), digest);
  return Bytes(digest, digest + 8);
}

Result<std::shared_ptr<const X509Certificate>> X509Certificate::FromDer(ByteView der) {
  const unsigned char* p = der.data();
  X509* x = d2i_X509(nullptr, &p, static_cast<long>(der.size()));
  if (x == nullptr) return Status::BadRequest("x509: not a DER certificate");
  std::shared_ptr<X509Certificate> cert(new X509Certificate());
  cert->cert_ = x;
  if (p != der.data() + der.size()) return Status::BadRequest("x509: trailing bytes");
  cert->key_ = X509_get0_pubkey(x);
  if (cert->key_ == nullptr) return Status::BadRequest("x509: unsupported public key");
  if (!ToUnix(X509_get0_notBefore(x), cert->not_before_) ||
      !ToUnix(X509_get0_notAfter(x), cert->not_after_)) {
    return Status::BadRequest("x509: bad validity dates");
  }
  cert->der_.assign(der.begin(), der.end());
  cert->kid_ = CertificateKid(der);
  return std::shared_ptr<const X509Certificate>(std::move(cert));
}

X509Certificate::~X509Certificate() { X509_free(cert_); }

}  // namespace ow::codes
