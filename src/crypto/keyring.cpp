// KeyRing: loading (or first-time creation) of the installation master key and derivation of
// the purpose keys from it.
#include <fcntl.h>
#include <sodium.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <optional>
#include <string>
#include <string_view>

#include "crypto/crypto.h"

namespace ow::crypto {
namespace {

constexpr size_t kMasterBytes = 32;
constexpr char kKdfContext[crypto_kdf_CONTEXTBYTES + 1] = "OneWindw";
constexpr size_t kMaxKeyFileBytes = 1024;
constexpr int kCreateAttempts = 5;

// Wipes a string holding key material before it is freed.
struct Wiper {
  std::string& s;
  ~Wiper() {
    if (!s.empty()) sodium_memzero(s.data(), s.size());
  }
};

// Closes a file descriptor on scope exit.
struct FdCloser {
  int fd;
  ~FdCloser() {
    if (fd >= 0) ::close(fd);
  }
};

std::string Errno(const std::string& what, const std::string& path) {
  return what + " " + path + ": " + std::strerror(errno);
}

std::string_view TrimSpace(std::string_view s) {
  while (!s.empty() && std::strchr(" \t\r\n", s.back()) != nullptr) s.remove_suffix(1);
  while (!s.empty() && std::strchr(" \t\r\n", s.front()) != nullptr) s.remove_prefix(1);
  return s;
}

// Decodes base64 of exactly 32 bytes.
Result<std::string> DecodeMaster(std::string_view text, const std::string& source) {
  auto bytes = Base64Decode(TrimSpace(text));
  if (!bytes.ok() || bytes->size() != kMasterBytes) {
    if (bytes.ok()) sodium_memzero(bytes->data(), bytes->size());
    return Status::Internal(source + " must hold the standard base64 encoding of 32 bytes");
  }
  return std::move(bytes).value();
}

// Reads and checks an existing key file; std::nullopt when it does not exist.
Result<std::optional<std::string>> ReadKeyFile(const std::string& path) {
  int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) {
    if (errno == ENOENT) return std::optional<std::string>();
    return Status::Internal(Errno("cannot open key file", path));
  }
  FdCloser closer{fd};
  struct stat st {};
  if (::fstat(fd, &st) != 0) return Status::Internal(Errno("cannot stat key file", path));
  if (!S_ISREG(st.st_mode)) return Status::Internal("key file " + path + " is not a regular file");
  if ((st.st_mode & 077) != 0) {
    char mode[8];
    std::snprintf(mode, sizeof mode, "%04o", static_cast<unsigned>(st.st_mode & 07777));
    return Status::Internal("key file " + path + " has mode " + mode +
                            "; it must not be accessible by group or others (chmod 600 " + path +
                            ")");
  }
  std::string content;
  Wiper wipe{content};
  content.reserve(kMaxKeyFileBytes + 1);
  char buf[256];
  for (;;) {
    ssize_t n = ::read(fd, buf, sizeof buf);
    if (n < 0 && errno == EINTR) continue;
    if (n < 0) return Status::Internal(Errno("cannot read key file", path));
    if (n == 0) break;
    content.append(buf, static_cast<size_t>(n));
    if (content.size() > kMaxKeyFileBytes) break;
  }
  sodium_memzero(buf, sizeof buf);
  if (content.size() > kMaxKeyFileBytes) {
    return Status::Internal("key file " + path + " is too large to be a key file");
  }
  OW_ASSIGN_OR_RETURN(std::string master, DecodeMaster(content, "key file " + path));
  return std::optional<std::string>(std::move(master));
}

// mkdir -p with mode 0700 for the directories it creates (existing ones are left alone).
Status MakeDirs(const std::filesystem::path& dir) {
  if (dir.empty()) return Status::Ok();
  std::filesystem::path prefix;
  for (const auto& part : dir) {
    prefix /= part;
    if (::mkdir(prefix.c_str(), 0700) == 0 || errno == EEXIST) {
      struct stat st {};
      if (::stat(prefix.c_str(), &st) == 0 && S_ISDIR(st.st_mode)) continue;
      return Status::Internal("key directory component " + prefix.string() + " is not a directory");
    }
    return Status::Internal(Errno("cannot create key directory", prefix.string()));
  }
  return Status::Ok();
}

Status WriteAll(int fd, std::string_view data, const std::string& path) {
  while (!data.empty()) {
    ssize_t n = ::write(fd, data.data(), data.size());
    if (n < 0 && errno == EINTR) continue;
    if (n < 0) return Status::Internal(Errno("cannot write key file", path));
    data.remove_prefix(static_cast<size_t>(n));
  }
  if (::fsync(fd) != 0) return Status::Internal(Errno("cannot sync key file", path));
  return Status::Ok();
}

void SyncDir(const std::filesystem::path& dir) {
  int fd = ::open(dir.empty() ? "." : dir.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  if (fd < 0) return;
  ::fsync(fd);
  ::close(fd);
}

// Writes a new random key to a private temporary file (open O_CREAT|O_EXCL, 0600) and
// publishes it with link(2), which fails with EEXIST when another process won the race. The
// key file therefore never exists half-written. Returns kConflict when the race was lost.
Status CreateKeyFile(const std::string& path) {
  const std::filesystem::path target(path);
  OW_RETURN_IF_ERROR(MakeDirs(target.parent_path()));
  const std::string tmp = path + ".tmp-" + NewId();
  int fd = ::open(tmp.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
  if (fd < 0) return Status::Internal(Errno("cannot create key file", tmp));
  std::string master = RandomBytes(kMasterBytes);
  std::string content = Base64Encode(master) + "\n";
  sodium_memzero(master.data(), master.size());
  Status written = WriteAll(fd, content, tmp);
  sodium_memzero(content.data(), content.size());
  ::close(fd);
  if (!written.ok()) {
    ::unlink(tmp.c_str());
    return written;
  }
  int rc = ::link(tmp.c_str(), path.c_str());
  int link_errno = errno;
  ::unlink(tmp.c_str());
  if (rc != 0) {
    if (link_errno == EEXIST) return Status::Conflict("key file created concurrently");
    errno = link_errno;
    return Status::Internal(Errno("cannot publish key file", path));
  }
  SyncDir(target.parent_path());
  return Status::Ok();
}

}  // namespace

Result<KeyRing> KeyRing::LoadOrCreate(const std::string& path) {
  Init();
  if (const char* env = std::getenv(kEnvVar); env != nullptr && *env != '\0') {
    OW_ASSIGN_OR_RETURN(std::string master, DecodeMaster(env, kEnvVar));
    Wiper wipe{master};
    return FromMaster(master);
  }
  if (path.empty()) return Status::Internal("no key file path and no " + std::string(kEnvVar));
  for (int attempt = 0; attempt < kCreateAttempts; ++attempt) {
    OW_ASSIGN_OR_RETURN(std::optional<std::string> master, ReadKeyFile(path));
    if (master.has_value()) {
      Wiper wipe{*master};
      return FromMaster(*master);
    }
    // Missing: create it, then read it back (whether we or a concurrent process created it),
    // so every process uses exactly what is on disk.
    Status created = CreateKeyFile(path);
    if (!created.ok() && created.code() != Code::kConflict) return created;
  }
  return Status::Internal("key file " + path + " keeps disappearing");
}

KeyRing KeyRing::FromMaster(std::string_view master32) {
  Init();
  if (master32.size() != kMasterBytes) {
    std::fprintf(stderr, "ow::crypto: fatal: KeyRing::FromMaster needs 32 bytes\n");
    std::abort();
  }
  const auto* master = reinterpret_cast<const unsigned char*>(master32.data());
  auto derive = [master](uint64_t id) {
    std::string key(kMasterBytes, '\0');
    crypto_kdf_derive_from_key(reinterpret_cast<unsigned char*>(key.data()), key.size(), id,
                               kKdfContext, master);
    return key;
  };
  KeyRing ring;
  ring.data_key_ = derive(1);
  ring.index_key_ = derive(2);
  ring.token_key_ = derive(3);
  ring.signing_wrap_key_ = derive(4);
  return ring;
}

}  // namespace ow::crypto
