// Demo data of the internet hospital (互联网医院) for `serve --demo`: a hospital with an online
// schedule, a doctor's and a pharmacist's accounts (README's demo table), and for the demo
// citizen 张三 an earlier visit with a renewable chronic prescription (and one holding a
// psychotropic drug, which cannot be renewed online). Idempotent: kept by the hospital's name.
#pragma once

#include "app/application.h"

namespace ow::cli {

Status LoadDemoInternetHospital(app::Application& app);

}  // namespace ow::cli
