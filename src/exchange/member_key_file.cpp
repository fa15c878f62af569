// A member's signing key file (see member_key_file.h).
#include "exchange/member_key_file.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <boost/json.hpp>

#include <fstream>
#include <sstream>

#include "crypto/crypto.h"

namespace ow::exchange {

Result<MemberKeyFile> LoadMemberKeyFile(const std::string& path) {
  struct stat st {};
  if (::stat(path.c_str(), &st) != 0) return Status::NotFound("no member key file " + path);
  if ((st.st_mode & 077) != 0)
    return Status::Invalid("member key file " + path + " must not be readable by group or others");
  std::ifstream in(path, std::ios::binary);
  std::stringstream text;
  text << in.rdbuf();
  boost::system::error_code ec;
  boost::json::value v = boost::json::parse(text.str(), ec);
  if (ec || !v.is_object())
    return Status::Invalid("member key file " + path + " is not a JSON object");
  const auto& o = v.as_object();
  auto str = [&](const char* name) -> std::string {
    auto* f = o.if_contains(name);
    return f && f->is_string() ? std::string(f->as_string()) : "";
  };
  auto member = ParseSubsystemId(str("member"));
  if (!member.ok())
    return Status::Invalid("member key file: bad member: " + member.status().message());
  std::string key_id = str("key_id");
  if (key_id.empty() || key_id.size() > 64 || key_id.find_first_of("\"\\\r\n") != std::string::npos)
    return Status::Invalid("member key file: key_id must be 1-64 characters without quotes");
  auto seed = crypto::Base64Decode(str("seed"));
  if (!seed.ok() || seed->size() != 32)
    return Status::Invalid("member key file: seed must be base64 of 32 bytes");
  crypto::Ed25519KeyPair kp = crypto::Ed25519KeyPairFromSeed(*seed);
  return MemberKeyFile{*member, {key_id, kp.secret_key}, kp.public_key};
}

Result<MemberKeyFile> CreateMemberKeyFile(const std::string& path, const SubsystemId& member,
                                          const std::string& key_id) {
  std::string seed = crypto::RandomBytes(32);
  boost::json::object o = {
      {"member", member.ToString()}, {"key_id", key_id}, {"seed", crypto::Base64Encode(seed)}};
  std::string text = boost::json::serialize(o) + "\n";
  int fd = ::open(path.c_str(), O_WRONLY | O_CREAT | O_EXCL, 0600);
  if (fd < 0) return Status::Conflict("cannot create " + path + " (exists or not writable)");
  bool ok = ::write(fd, text.data(), text.size()) == static_cast<ssize_t>(text.size());
  ok = ::close(fd) == 0 && ok;
  if (!ok) return Status::Unavailable("cannot write " + path);
  return LoadMemberKeyFile(path);
}

}  // namespace ow::exchange
