// Routes of the internet hospital (互联网医院): online schedules and recorded visits
// (administrators), online slots, consultations with their message threads and images, the
// doctor's inbox and close, prescriptions and their renewal (request, sign, review, dispense),
// the pharmacist's review queue, and the drug catalogue.
#pragma once

#include "hospital/consultations.h"
#include "hospital/prescriptions.h"
#include "http/router.h"

namespace ow::hospital {

struct InternetDeps {
  ConsultationService& consultations;
  PrescriptionService& prescriptions;
  identity::IdentityService& identity;
  const Clock& clock;
};

void RegisterInternetHospitalRoutes(http::Router& router, const InternetDeps& deps);

}  // namespace ow::hospital
