// Routes of hospital booking: hospitals, departments, doctors and schedules (administrators),
// free slots by day, holds, appointments (book, cancel, mine with a check-in QR text and PNG, the
// cancellation deadline), and the hospital's day list (masked patients) with attendance.
#pragma once

#include "audit/audit.h"
#include "hospital/appointments.h"
#include "hospital/directory.h"
#include "http/router.h"

namespace ow::hospital {

struct HospitalDeps {
  HospitalDirectory& directory;
  AppointmentService& appointments;
  const Clock& clock;
  // The day list shows each patient's masked name and ID (audited) when both are given.
  identity::IdentityService* identity = nullptr;
  audit::AuditLog* audit = nullptr;
};

void RegisterHospitalRoutes(http::Router& router, const HospitalDeps& deps);

// The check-in QR text of an appointment, scanned at the hospital gate or desk.
std::string CheckInText(const std::string& booking_id);

}  // namespace ow::hospital
