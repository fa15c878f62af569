// The FHIR R4 interface of hospital scheduling under /fhir/r4 (IHE ITI Scheduling server):
// the CapabilityStatement at /metadata; read and search of Location, HealthcareService,
// Practitioner, Schedule, Slot and Appointment; Appointment/$find, $hold and $book (also used to
// cancel). Every answer is FHIR JSON (application/fhir+json), refusals OperationOutcome.
//
// Access (checked here, not by the router, so that refusals are OperationOutcome too): metadata
// is public; everything else needs a bearer token. Patients (citizens) see and book their own
// appointments; hospital systems (hospital_admin scoped to place:<id>, or admin) search the
// appointments of their hospitals, and each such read of a patient's appointments is audited
// ("pii.read", fields "appointments") so it shows in the citizen's data-use record. Patients
// appear under a keyed pseudonym and their masked name, never their resident ID.
//
// Hospital systems may also use an OAuth client_credentials token (SystemCaller): they act as
// the hospital's administrators of their one hospital, within their scopes, and $hold/$book for
// a patient they name by a `patient` parameter (a Patient reference with the identifier
// kResidentIdSystem|<resident ID>), found through identity's blind index. The lookup is audited
// ("pii.read", fields "resident_id,appointments") into the patient's data-use record; the
// patient's own rules apply (real name, health-code gate, no-shows, one per department a day).
#pragma once

#include <functional>
#include <string>

#include "audit/audit.h"
#include "hospital/appointments.h"
#include "hospital/directory.h"
#include "http/router.h"
#include "identity/identity_service.h"
#include "scheduling/bookings.h"
#include "scheduling/schedules.h"

namespace ow::hospital {

// A hospital system calling with an OAuth 2.0 client_credentials access token (src/oidc): the
// client, the one hospital it acts for (its place:<id> scope) and what its SMART-style system
// scopes allow.
struct SystemCaller {
  std::string client_id;
  std::string hospital_id;
  bool read = false;   // system/*.read or system/Appointment.read: search and read appointments
  bool write = false;  // system/Appointment.write: $hold and $book for a patient
};

// The identifier system of a patient's resident ID in a FHIR Patient reference.
inline constexpr char kResidentIdSystem[] = "urn:onewindow:resident-id";

struct FhirDeps {
  HospitalDirectory& directory;
  AppointmentService& appointments;
  scheduling::ScheduleService& schedules;
  scheduling::BookingService& bookings;
  identity::IdentityService& identity;
  audit::AuditLog& audit;
  const Clock& clock;
  std::string pseudonym_key;                // keys patient pseudonyms (the index key)
  std::function<std::string()> public_url;  // "http://host:port"; "" = from the Host header
  // Resolves a bearer token that is not a session: a system client's token ({} = none).
  std::function<Result<SystemCaller>(const std::string& token)> system_access = {};
};

void RegisterFhirRoutes(http::Router& router, const FhirDeps& deps);

// The pseudonym of a person in FHIR resources (stable per installation, keyed).
std::string FhirPatientPseudonym(const std::string& key, const std::string& person_id);

}  // namespace ow::hospital
