// Reactions to colour changes: every change is told to the person in their inbox, and a turn
// to yellow or red puts the resident on their community's task list (unless a task for them
// is already open). Runs inside the colour change's transaction.
#pragma once

#include "community/inbox.h"
#include "community/tasks.h"
#include "healthcode/health_service.h"
#include "identity/identity_service.h"

namespace ow::community {

healthcode::ColourChangeHook MakeColourChangeHook(Inbox& inbox, TaskService& tasks,
                                                  identity::IdentityService& identity);

}  // namespace ow::community
