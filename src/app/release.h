// The release a binary is: its version, and migrations the release adds after the modules'
// own lists (none in this build). A library of its own so that a test build can link another
// release over the same code: tests/cluster/next_release.cpp makes `onewindow-next`, the
// "next release" of the rolling-upgrade drill, whose migrations are its modules' next
// versions.
#pragma once

#include <vector>

#include "store/migrations.h"

namespace ow::app {

// "0.2.0": what `onewindow --version` and GET /api/v1/version answer.
const char* ReleaseVersion();

// Appended to Application::AllMigrations() (after every module's own migrations).
std::vector<store::Migration> ReleaseMigrations();

}  // namespace ow::app
