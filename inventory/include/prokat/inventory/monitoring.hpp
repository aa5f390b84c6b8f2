// Monitoring during a loan: condition checks (by visit, call or video) and consultations
// given to a family. Feedback at return is part of AgreementService::Return
// (ReturnRequest::feedback_rating/comment).
// Thread-safe; each mutating call is one transaction with its audit row.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "prokat/core/clock.hpp"
#include "prokat/core/result.hpp"
#include "prokat/inventory/live_settings.hpp"
#include "prokat/inventory/types.hpp"

namespace prokat::db {
class Database;
}

namespace prokat::inventory {

struct ConditionCheck {
  ConditionCheckId id;
  AgreementId agreement;
  Date planned_on;
  CheckForm form = CheckForm::kCall;
  std::optional<Timestamp> done_at;  // std::nullopt while planned
  std::string outcome;
  std::optional<UserId> staff;
};

struct Consultation {
  ConsultationId id;
  FamilyId family;
  std::optional<AgreementId> agreement;
  Date given_on;
  UserId staff;
  std::string topic;  // "обучение пользованию вертикализатором"
  ContactForm form = ContactForm::kInPerson;
};

class MonitoringService {
 public:
  MonitoringService(db::Database& db, const Clock& clock, SettingsRef settings)
      : db_(db), clock_(clock), settings_(std::move(settings)) {}

  // kRuleViolation "agreement_not_active"; kInvalidArgument (planned_on in the past).
  Result<ConditionCheck> ScheduleCheck(const Actor& actor, AgreementId agreement, Date planned_on,
                                       CheckForm form);
  // kRuleViolation "check_already_done"; kInvalidArgument (outcome empty).
  Result<ConditionCheck> RecordCheck(const Actor& actor, ConditionCheckId id,
                                     const std::string& outcome);
  Result<std::vector<ConditionCheck>> ListChecks(const Actor& actor, AgreementId agreement);
  // kInvalidArgument (topic, given_on in the future); kNotFound (family, agreement);
  // the agreement must be the family's.
  Result<Consultation> RecordConsultation(const Actor& actor, FamilyId family,
                                          std::optional<AgreementId> agreement, Date given_on,
                                          const std::string& topic, ContactForm form);
  Result<std::vector<Consultation>> ListConsultations(const Actor& actor, FamilyId family);

 private:
  db::Database& db_;
  const Clock& clock_;
  SettingsRef settings_;  // read once per call (Get)
};

}  // namespace prokat::inventory
