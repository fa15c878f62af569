// FHIR R4 (4.0.1) JSON of the hospital's scheduling data, following IHE ITI Scheduling:
// Location <- the hospital place, HealthcareService <- a department, Practitioner <- a doctor,
// Schedule <- a schedule, Slot <- a slot, Appointment <- a booking (or a hold: pending, or a
// free slot offered by $find: proposed); Bundle (searchset), OperationOutcome for errors and the
// server's CapabilityStatement. Pure mapping: no database, no access rules (fhir_routes.cpp).
#pragma once

#include <boost/json.hpp>
#include <cstdint>
#include <string>
#include <vector>

#include "checkpoint/places.h"
#include "core/status.h"
#include "hospital/directory.h"
#include "scheduling/types.h"

namespace ow::hospital::fhir {

namespace json = boost::json;

inline constexpr char kFhirVersion[] = "4.0.1";
inline constexpr char kFhirJson[] = "application/fhir+json; charset=utf-8";
// Systems of our codes and identifiers.
inline constexpr char kPatientSystem[] = "urn:onewindow:fhir-patient";  // pseudonyms
inline constexpr char kDepartmentSystem[] = "urn:onewindow:hospital-department";
inline constexpr char kDepartmentKindSystem[] = "urn:onewindow:hospital-department-kind";
inline constexpr char kErrorCodeSystem[] = "urn:onewindow:error-code";
// Ids of appointments that are not bookings: a hold (pending) and a free slot ($find, proposed).
inline constexpr char kHoldPrefix[] = "hold-";
inline constexpr char kProposedPrefix[] = "proposed-";

// The patient of an appointment as shown to hospital systems and to the patient: a pseudonym
// (never the resident ID) and the masked name (张*三).
struct PatientRef {
  std::string pseudonym;
  std::string masked_name;
};

// What an appointment is made from.
struct AppointmentSource {
  std::string id;      // booking id, kHoldPrefix + hold id, or kProposedPrefix + slot id
  std::string status;  // FHIR Appointment.status
  std::string slot_id;
  int64_t start_ms = 0, end_ms = 0;
  int64_t created_ms = 0;  // 0 = not shown
  std::string hospital_id, department_id, doctor_id;
  std::string department_name;
  std::optional<PatientRef> patient;
};

// FHIR Appointment.status of a booking.
const char* AppointmentStatus(scheduling::BookingStatus s);
// FHIR Slot.status of a slot ("busy-unavailable" when its schedule is inactive).
const char* SlotStatus(const scheduling::Slot& s, bool schedule_active);

json::object LocationResource(const checkpoint::Place& p);
json::object HealthcareServiceResource(const Department& d);
json::object PractitionerResource(const Doctor& d);
json::object ScheduleResource(const scheduling::Schedule& s);
json::object SlotResource(const scheduling::Slot& s, bool schedule_active);
json::object AppointmentResource(const AppointmentSource& a);

// A searchset Bundle: `total` matches (entries may be fewer, _count), `self` the search URL,
// `base` the server's FHIR base URL ("http://host/fhir/r4") for fullUrl.
json::object SearchBundle(const std::vector<json::object>& resources, int64_t total,
                          const std::string& base, const std::string& self);

// OperationOutcome of a refusal: issue.code from our machine codes (slot_full -> conflict,
// hold_expired -> expired, unknown_slot -> not-found, validation -> invalid, ...) or else from
// the status code; expression from the field paths (already FHIRPath, or "$.x" mapped).
json::object OperationOutcome(const Status& s);
// FHIR issue type for one of our machine codes ("" when unknown).
std::string IssueCodeFor(const std::string& machine_code);

// The server's CapabilityStatement (IHE Scheduling Server: $find, $hold, $book).
json::object CapabilityStatement(const std::string& base, const std::string& date);

}  // namespace ow::hospital::fhir
