#include "codes/codes_bench.h"

#include <sodium.h>

#include <algorithm>
#include <chrono>

#include "codes/cbor_encoder.h"
#include "codes/cose_sign1.h"
#include "codes/issue_code.h"
#include "codes/qr_render.h"
#include "codes/verifier.h"

namespace ow::codes {
namespace {

using Clock = std::chrono::steady_clock;

double Seconds(Clock::duration d) { return std::chrono::duration<double>(d).count(); }

// Runs f in batches until `budget` seconds have passed; returns operations per second.
template <typename F>
double Rate(double budget, int batch, F&& f) {
  long ops = 0;
  const auto start = Clock::now();
  Clock::duration elapsed{};
  do {
    for (int i = 0; i < batch; ++i) f();
    ops += batch;
    elapsed = Clock::now() - start;
  } while (Seconds(elapsed) < budget);
  return ops / Seconds(elapsed);
}

}  // namespace

std::vector<BenchMetric> RunCodesBench(double seconds) {
  EnsureSodium();
  const double budget = std::max(seconds, 0.2);
  const int64_t now = 1760000000;
  const IssuerKey key = IssuerKey::Generate("sh-bench-1");
  TrustList trust;
  (void)trust.AddKey(
      {"310000", key.kid(), Bytes(key.public_key().begin(), key.public_key().end())});
  const CodeClaims claims{.issuer = "310000",
                          .issued_at = now - 60,
                          .expires_at = now + 86400,
                          .subject = "p-8c1e4f7a2b6d",
                          .colour = Colour::kGreen,
                          .masked_name = "\xe6\x9d\x8e*\xe5\x8d\x8e",
                          .masked_id = "3101**********123X",
                          .rules_version = "2025.10"};
  const std::string code = IssueCode(claims, key);

  // The raw baseline signs a message the size of this code's Sig_structure.
  CborValue protected_header = CborValue::Map();
  protected_header.Insert(CborValue::Int(kHeaderAlg), CborValue::Int(kAlgEdDSA));
  protected_header.Insert(CborValue::Int(kHeaderKid), CborValue::BytesOf(key.kid()));
  const Bytes tbs = BuildSigStructure(EncodeCbor(protected_header), EncodeCodeClaims(claims));
  const Bytes sig = key.Sign(tbs);

  std::vector<BenchMetric> out;
  volatile size_t sink = 0;
  const double issue = Rate(budget * 0.2, 16, [&] { sink = sink + IssueCode(claims, key).size(); });

  // Verify and raw verify alternate in slices so that load changes hit both equally.
  const Verifier verifier(trust);
  double verify_time = 0, raw_time = 0;
  long verify_ops = 0, raw_ops = 0;
  const auto phase_start = Clock::now();
  bool ok = true;
  while (Seconds(Clock::now() - phase_start) < budget * 0.6) {
    auto t0 = Clock::now();
    for (int i = 0; i < 32; ++i) ok &= verifier.Verify(code, now).valid;
    auto t1 = Clock::now();
    for (int i = 0; i < 32; ++i) {
      ok &= crypto_sign_verify_detached(sig.data(), tbs.data(), tbs.size(),
                                        key.public_key().data()) == 0;
    }
    auto t2 = Clock::now();
    verify_time += Seconds(t1 - t0);
    raw_time += Seconds(t2 - t1);
    verify_ops += 32;
    raw_ops += 32;
  }
  const double verify = ok ? verify_ops / verify_time : 0;
  const double raw = raw_ops / raw_time;

  // The issuing server's own path: the issuer MAC stands in for the signature, so decoding
  // (base45, zlib, three CBOR documents) is most of the cost.
  VerifyOptions own;
  own.own_mac_key = [&key](ByteView) { return std::optional<Bytes>(key.mac_key()); };
  bool own_ok = verifier.Verify(code, now, own).mac_verified;
  const double verify_own =
      Rate(budget * 0.1, 64, [&] { own_ok &= verifier.Verify(code, now, own).valid; });

  const QrRenderOptions qr_options{.colour = Colour::kGreen, .scale = 4};
  const double png_rate = Rate(
      budget * 0.2, 4, [&] { sink = sink + RenderPayloadPng(code, qr_options).value().size(); });

  out.push_back({"issue_per_s", issue, "ops/s"});
  out.push_back({"verify_per_s", verify, "ops/s"});
  out.push_back({"raw_ed25519_verify_per_s", raw, "ops/s"});
  out.push_back({"verify_ratio_vs_raw", raw > 0 ? verify / raw : 0, "ratio"});
  out.push_back({"verify_own_code_per_s", own_ok ? verify_own : 0, "ops/s"});
  out.push_back({"verify_own_ratio_vs_raw", raw > 0 && own_ok ? verify_own / raw : 0, "ratio"});
  out.push_back({"qr_png_ms", 1000.0 / png_rate, "ms"});
  return out;
}

}  // namespace ow::codes
