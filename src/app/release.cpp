#include "app/release.h"

namespace ow::app {

const char* ReleaseVersion() { return ONEWINDOW_VERSION; }

std::vector<store::Migration> ReleaseMigrations() { return {}; }

}  // namespace ow::app
