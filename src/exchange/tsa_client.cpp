// TsaClient: RFC 3161 requests and responses with OpenSSL's TS API, sent over http::Client.
#include "exchange/tsa_client.h"

#include <openssl/err.h>
#include <openssl/objects.h>
#include <openssl/ts.h>
#include <openssl/x509.h>
#include <openssl/x509_vfy.h>
#include <sodium.h>

#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/address.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/url/parse.hpp>
#include <ctime>
#include <memory>

#include "exchange/message_log.h"
#include "http/client.h"

namespace ow::exchange {
namespace {

template <typename T, void (*F)(T*)>
struct Deleter {
  void operator()(T* p) const { F(p); }
};
using ReqPtr = std::unique_ptr<TS_REQ, Deleter<TS_REQ, TS_REQ_free>>;
using RespPtr = std::unique_ptr<TS_RESP, Deleter<TS_RESP, TS_RESP_free>>;
using ImprintPtr = std::unique_ptr<TS_MSG_IMPRINT, Deleter<TS_MSG_IMPRINT, TS_MSG_IMPRINT_free>>;
using AlgorPtr = std::unique_ptr<X509_ALGOR, Deleter<X509_ALGOR, X509_ALGOR_free>>;
using IntPtr = std::unique_ptr<ASN1_INTEGER, Deleter<ASN1_INTEGER, ASN1_INTEGER_free>>;
using VerifyPtr = std::unique_ptr<TS_VERIFY_CTX, Deleter<TS_VERIFY_CTX, TS_VERIFY_CTX_free>>;

// The last OpenSSL error queued on this thread, as text (and the queue cleared).
std::string OpenSslError() {
  unsigned long e = ERR_get_error();
  std::string out = e ? ERR_error_string(e, nullptr) : "unknown OpenSSL error";
  ERR_clear_error();
  return out;
}

Result<RespPtr> ParseResponse(std::string_view der) {
  const auto* p = reinterpret_cast<const unsigned char*>(der.data());
  RespPtr resp(d2i_TS_RESP(nullptr, &p, static_cast<long>(der.size())));
  if (!resp) return Status::Invalid("not a DER TimeStampResp: " + OpenSslError());
  return resp;
}

// The granted response's token information.
Result<TS_TST_INFO*> GrantedInfo(TS_RESP* resp) {
  TS_STATUS_INFO* si = TS_RESP_get_status_info(resp);
  const long status = si ? ASN1_INTEGER_get(TS_STATUS_INFO_get0_status(si)) : -1;
  if (status != 0 && status != 1)  // granted, grantedWithMods
    return Status::Invalid("the time-stamp request was refused (PKIStatus " +
                           std::to_string(status) + ")");
  TS_TST_INFO* info = TS_RESP_get_tst_info(resp);
  if (!info) return Status::Invalid("the response carries no time-stamp token");
  return info;
}

Result<std::string> HostAddress(const std::string& host) {
  boost::system::error_code ec;
  boost::asio::ip::make_address(host, ec);
  if (!ec) return host;
  boost::asio::io_context ioc;
  boost::asio::ip::tcp::resolver resolver(ioc);
  auto results = resolver.resolve(host, "", ec);
  if (ec || results.empty())
    return Status::Unavailable("cannot resolve TSA host " + host + ": " + ec.message());
  return results.begin()->endpoint().address().to_string();
}

}  // namespace

Result<TsaClient> TsaClient::Create(TsaOptions options) {
  auto parsed = boost::urls::parse_uri(options.url);
  if (!parsed || parsed->scheme() != "http" || parsed->encoded_host().empty() ||
      parsed->has_userinfo() || parsed->has_fragment())
    return Status::Invalid("TSA URL must be http://HOST[:PORT][/PATH]: " + options.url);
  TsaClient c;
  c.host_ = std::string(parsed->host_address());
  if (parsed->has_port()) {
    const auto port = parsed->port_number();
    if (port == 0) return Status::Invalid("TSA URL has a bad port: " + options.url);
    c.port_ = port;
  }
  c.target_ = std::string(parsed->encoded_path());
  if (c.target_.empty()) c.target_ = "/";
  if (parsed->has_query()) c.target_ += "?" + std::string(parsed->encoded_query());
  c.options_ = std::move(options);
  return c;
}

Result<std::string> TsaClient::Stamp(std::string_view data) {
  const std::string digest = Sha256(data);

  // TimeStampReq: version 1, SHA-256 imprint, a random nonce, certReq.
  ReqPtr req(TS_REQ_new());
  ImprintPtr imprint(TS_MSG_IMPRINT_new());
  AlgorPtr algo(X509_ALGOR_new());
  IntPtr nonce(ASN1_INTEGER_new());
  if (!req || !imprint || !algo || !nonce) return Status::Internal("out of memory");
  uint64_t nonce_value = 0;
  randombytes_buf(&nonce_value, sizeof nonce_value);
  nonce_value >>= 1;  // a positive INTEGER
  if (!X509_ALGOR_set0(algo.get(), OBJ_nid2obj(NID_sha256), V_ASN1_NULL, nullptr) ||
      !TS_MSG_IMPRINT_set_algo(imprint.get(), algo.get()) ||
      !TS_MSG_IMPRINT_set_msg(imprint.get(),
                              reinterpret_cast<unsigned char*>(const_cast<char*>(digest.data())),
                              static_cast<int>(digest.size())) ||
      !TS_REQ_set_version(req.get(), 1) || !TS_REQ_set_msg_imprint(req.get(), imprint.get()) ||
      !ASN1_INTEGER_set_uint64(nonce.get(), nonce_value) ||
      !TS_REQ_set_nonce(req.get(), nonce.get()) || !TS_REQ_set_cert_req(req.get(), 1))
    return Status::Internal("cannot build the TimeStampReq: " + OpenSslError());
  unsigned char* der = nullptr;
  const int der_len = i2d_TS_REQ(req.get(), &der);
  if (der_len <= 0) return Status::Internal("cannot encode the TimeStampReq: " + OpenSslError());
  std::string query(reinterpret_cast<const char*>(der), static_cast<size_t>(der_len));
  OPENSSL_free(der);

  OW_ASSIGN_OR_RETURN(std::string address, HostAddress(host_));
  http::Client client(address, port_, options_.timeout);
  OW_ASSIGN_OR_RETURN(http::ClientResponse res,
                      client.Send("POST", target_, query,
                                  {{"Content-Type", "application/timestamp-query"},
                                   {"Accept", "application/timestamp-reply"}}));
  if (res.status != 200)
    return Status::Unavailable("the TSA answered HTTP " + std::to_string(res.status));

  OW_ASSIGN_OR_RETURN(RespPtr resp, ParseResponse(res.body));
  OW_RETURN_IF_ERROR(GrantedInfo(resp.get()).status());
  // Checks status, version, imprint and nonce against the request (and the signature when a
  // CA is configured).
  VerifyPtr ctx(TS_REQ_to_TS_VERIFY_CTX(req.get(), nullptr));
  if (!ctx) return Status::Internal("cannot make a TS_VERIFY_CTX: " + OpenSslError());
  if (!options_.ca_file.empty()) {
    X509_STORE* store = X509_STORE_new();
    if (!store || !X509_STORE_load_file(store, options_.ca_file.c_str())) {
      X509_STORE_free(store);
      return Status::Internal("cannot load the TSA CA file " + options_.ca_file + ": " +
                              OpenSslError());
    }
    TS_VERIFY_CTX_set_store(ctx.get(), store);  // the context owns it now
    TS_VERIFY_CTX_add_flags(ctx.get(), TS_VFY_SIGNATURE);
  }
  if (TS_RESP_verify_response(ctx.get(), resp.get()) != 1)
    return Status::Invalid("the TSA's response does not match the request: " + OpenSslError());
  return std::move(res.body);
}

Result<std::string> TsrImprint(std::string_view tsr_der) {
  OW_ASSIGN_OR_RETURN(RespPtr resp, ParseResponse(tsr_der));
  OW_ASSIGN_OR_RETURN(TS_TST_INFO * info, GrantedInfo(resp.get()));
  TS_MSG_IMPRINT* mi = TS_TST_INFO_get_msg_imprint(info);
  const ASN1_OBJECT* alg = nullptr;
  X509_ALGOR_get0(&alg, nullptr, nullptr, TS_MSG_IMPRINT_get_algo(mi));
  if (OBJ_obj2nid(alg) != NID_sha256) return Status::Invalid("the token's imprint is not SHA-256");
  const ASN1_OCTET_STRING* msg = TS_MSG_IMPRINT_get_msg(mi);
  return std::string(reinterpret_cast<const char*>(ASN1_STRING_get0_data(msg)),
                     static_cast<size_t>(ASN1_STRING_length(msg)));
}

Result<int64_t> TsrTimeMs(std::string_view tsr_der) {
  OW_ASSIGN_OR_RETURN(RespPtr resp, ParseResponse(tsr_der));
  OW_ASSIGN_OR_RETURN(TS_TST_INFO * info, GrantedInfo(resp.get()));
  std::tm tm{};
  if (ASN1_TIME_to_tm(TS_TST_INFO_get_time(info), &tm) != 1)
    return Status::Invalid("the token's genTime is malformed");
  return static_cast<int64_t>(timegm(&tm)) * 1000;
}

}  // namespace ow::exchange
