// Process: runs the built `onewindow` binary as a child process for CLI and multi-node tests
// (output captured to a file), and helpers to wait for a served port.
#pragma once

#include <sys/types.h>

#include <string>
#include <vector>

namespace ow::testing {

// Path of the built binary (compile-time OW_BINARY).
std::string BinaryPath();

struct RunResult {
  int exit_code = -1;
  std::string output;  // stdout + stderr
};

// Runs the binary to completion with the given arguments (and extra environment entries).
RunResult RunBinary(const std::vector<std::string>& args, const std::vector<std::string>& env = {});

// A long-running child (e.g. `serve`); killed with SIGKILL on destruction if still running.
class ChildProcess {
 public:
  ChildProcess(const std::vector<std::string>& args, const std::vector<std::string>& env = {});
  ~ChildProcess();
  pid_t pid() const { return pid_; }
  void Signal(int sig);
  // Waits up to timeout_ms for exit; returns the exit code or -1 on timeout.
  int Wait(int timeout_ms);
  std::string Output() const;

 private:
  pid_t pid_ = -1;
  std::string log_path_;
  bool exited_ = false;
};

// A TCP port that was free a moment ago.
int FreePort();
// Polls GET /healthz until it answers 200 (true) or the timeout passes.
bool WaitHealthy(int port, int timeout_ms);

}  // namespace ow::testing
