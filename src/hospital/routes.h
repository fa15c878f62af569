// Routes of hospital booking: hospitals, departments, doctors and schedules (administrators),
// free slots by day, holds, appointments (book, cancel, mine with a check-in QR text), and the
// hospital's day list with attendance.
#pragma once

#include "hospital/appointments.h"
#include "hospital/directory.h"
#include "http/router.h"

namespace ow::hospital {

struct HospitalDeps {
  HospitalDirectory& directory;
  AppointmentService& appointments;
  const Clock& clock;
};

void RegisterHospitalRoutes(http::Router& router, const HospitalDeps& deps);

// The check-in QR text of an appointment, scanned at the hospital gate or desk.
std::string CheckInText(const std::string& booking_id);

}  // namespace ow::hospital
