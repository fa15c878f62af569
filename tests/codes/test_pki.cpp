#include "test_pki.h"

#include <openssl/x509.h>

#include <bit>
#include <cmath>
#include <stdexcept>

#include "codes/cbor_encoder.h"
#include "codes/cbor_float.h"
#include "codes/cose_algorithms.h"
#include "codes/payload_envelope.h"

namespace ow::codes::testing {

PkeyPtr GenerateEcP256() { return PkeyPtr(EVP_PKEY_Q_keygen(nullptr, nullptr, "EC", "P-256")); }

PkeyPtr GenerateRsa(int bits) {
  return PkeyPtr(EVP_PKEY_Q_keygen(nullptr, nullptr, "RSA", static_cast<size_t>(bits)));
}

PkeyPtr GenerateEd25519() { return PkeyPtr(EVP_PKEY_Q_keygen(nullptr, nullptr, "ED25519")); }

Bytes MakeSelfSignedCert(EVP_PKEY* key, int64_t not_before, int64_t not_after,
                         const std::string& common_name) {
  X509* x = X509_new();
  X509_set_version(x, 2);
  ASN1_INTEGER_set(X509_get_serialNumber(x), static_cast<long>(not_before & 0x7fffffff));
  ASN1_TIME_set(X509_getm_notBefore(x), static_cast<time_t>(not_before));
  ASN1_TIME_set(X509_getm_notAfter(x), static_cast<time_t>(not_after));
  X509_NAME* name = X509_get_subject_name(x);
  X509_NAME_add_entry_by_txt(name, "C", MBSTRING_ASC, reinterpret_cast<const unsigned char*>("DE"),
                             -1, -1, 0);
  X509_NAME_add_entry_by_txt(name, "CN", MBSTRING_ASC,
                             reinterpret_cast<const unsigned char*>(common_name.c_str()), -1, -1,
                             0);
  X509_set_issuer_name(x, name);
  X509_set_pubkey(x, key);
  const EVP_MD* md = EVP_PKEY_get_base_id(key) == EVP_PKEY_ED25519 ? nullptr : EVP_sha256();
  X509_sign(x, key, md);
  const int len = i2d_X509(x, nullptr);
  Bytes der(static_cast<size_t>(len));
  unsigned char* p = der.data();
  i2d_X509(x, &p);
  X509_free(x);
  return der;
}

Bytes EncodeFloatAs(double d, FloatWidth width) {
  uint64_t bits = 0;
  int bytes = 0;
  Bytes out;
  switch (width) {
    case FloatWidth::kHalf: {
      const auto half = DoubleToHalfExact(d);
      if (!half) throw std::invalid_argument("not exact as a half");
      out.push_back(0xf9);
      bits = *half;
      bytes = 2;
      break;
    }
    case FloatWidth::kSingle: {
      const float f = static_cast<float>(d);
      if (!std::isnan(d) && static_cast<double>(f) != d)
        throw std::invalid_argument("not exact as a single");
      out.push_back(0xfa);
      bits = std::bit_cast<uint32_t>(f);
      bytes = 4;
      break;
    }
    case FloatWidth::kDouble:
      out.push_back(0xfb);
      bits = std::bit_cast<uint64_t>(d);
      bytes = 8;
      break;
  }
  for (int i = bytes - 1; i >= 0; --i) out.push_back(static_cast<uint8_t>(bits >> (8 * i)));
  return out;
}

std::string MakeHcertPayload(const HcertSpec& spec, EVP_PKEY* signing_key) {
  CborValue name = CborValue::Map();
  name.Insert(CborValue::Text("fn"), CborValue::Text("Mustermann"));
  name.Insert(CborValue::Text("gn"), CborValue::Text("Erika"));
  name.Insert(CborValue::Text("fnt"), CborValue::Text("MUSTERMANN"));
  name.Insert(CborValue::Text("gnt"), CborValue::Text("ERIKA"));
  CborValue vacc = CborValue::Map();
  vacc.Insert(CborValue::Text("tg"), CborValue::Text("840539006"));
  vacc.Insert(CborValue::Text("vp"), CborValue::Text("1119349007"));
  vacc.Insert(CborValue::Text("mp"), CborValue::Text("EU/1/20/1528"));
  vacc.Insert(CborValue::Text("ma"), CborValue::Text("ORG-100030215"));
  vacc.Insert(CborValue::Text("dn"), CborValue::Int(2));
  vacc.Insert(CborValue::Text("sd"), CborValue::Int(2));
  vacc.Insert(CborValue::Text("dt"), CborValue::Text("2021-04-21"));
  vacc.Insert(CborValue::Text("co"), CborValue::Text("DE"));
  vacc.Insert(CborValue::Text("is"), CborValue::Text("Robert Koch-Institut"));
  vacc.Insert(CborValue::Text("ci"),
              CborValue::Text("URN:UVCI:01DE/IZ12345A/5CWLU12RNOB9RXSEOP6FG8#W"));
  CborValue hcert = CborValue::Map();
  hcert.Insert(CborValue::Text("ver"), CborValue::Text("1.3.0"));
  hcert.Insert(CborValue::Text("nam"), std::move(name));
  hcert.Insert(CborValue::Text("dob"), CborValue::Text("1964-08-12"));
  hcert.Insert(CborValue::Text("v"), CborValue::Array({std::move(vacc)}));
  CborValue wrapper = CborValue::Map();
  wrapper.Insert(CborValue::Int(1), std::move(hcert));
  // The claims map {1: iss, 4: exp, 6: iat, -260: hcert}, written entry by entry so that a
  // NumericDate can be a float of a chosen width (CborValue picks the shortest form).
  const auto date = [&](int64_t whole, const std::optional<double>& f) {
    return f ? EncodeFloatAs(*f, spec.float_width) : EncodeCbor(CborValue::Int(whole));
  };
  Bytes payload = {0xa4};
  for (const Bytes& part :
       {EncodeCbor(CborValue::Int(1)), EncodeCbor(CborValue::Text(spec.issuer)),
        EncodeCbor(CborValue::Int(4)), date(spec.expires_at, spec.float_expires_at),
        EncodeCbor(CborValue::Int(6)), date(spec.issued_at, spec.float_issued_at),
        EncodeCbor(CborValue::Int(-260)), EncodeCbor(wrapper)})
    payload.insert(payload.end(), part.begin(), part.end());
  auto cose = BuildCoseSign1(
      spec.alg, spec.kid, payload,
      [&](ByteView tbs) { return SignWithKey(spec.alg, signing_key, tbs); }, spec.cose);
  return WrapPayload(kHc1Prefix, cose.value());
}

}  // namespace ow::codes::testing
