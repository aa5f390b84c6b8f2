// Condition checks and consultations.
#include "prokat/inventory/monitoring.hpp"

#include "agreement_ops.hpp"

namespace prokat::inventory {
namespace {

std::optional<ConditionCheck> LoadCheck(db::Connection& c, ConditionCheckId id) {
  auto s = c.Prepare(
      "SELECT agreement_id, planned_on, form, done_at, COALESCE(outcome, ''), "
      "staff_id FROM condition_check WHERE id = ?");
  if (!s.BindAll(id.value).Step()) return std::nullopt;
  ConditionCheck k;
  k.id = id;
  k.agreement = AgreementId(s.Get<std::int64_t>(0));
  k.planned_on = internal::StoredDate(s, 1, "condition_check.planned_on");
  k.form = Parse<CheckForm>(s.Get<std::string>(2)).value_or(CheckForm::kCall);
  k.done_at = internal::StoredOptionalTimestamp(s, 3, "condition_check.done_at");
  k.outcome = s.Get<std::string>(4);
  if (auto u = s.Get<std::optional<std::int64_t>>(5)) k.staff = UserId(*u);
  return k;
}

}  // namespace

Result<ConditionCheck> MonitoringService::ScheduleCheck(const Actor& actor, AgreementId agreement,
                                                        Date planned_on, CheckForm form) {
  Date today = LocalToday(clock_, settings_.Get());
  if (planned_on < today) return Error::InvalidArgument("the date is in the past", "planned_on");
  return internal::WriteTx<ConditionCheck>(db_, [&](db::Connection& c) -> Result<ConditionCheck> {
    if (auto p = internal::DeskPointOf(c, actor, internal::Owned::kAgreement, agreement.value); !p)
      return p.error();
    auto a = internal::LoadAgreement(c, agreement, today);
    if (!internal::IsOpenState(a->state))
      return Error::RuleViolation("agreement_not_active", "checks are for active agreements",
                                  "agreement");
    c.Prepare("INSERT INTO condition_check(agreement_id, planned_on, form) VALUES(?,?,?)")
        .BindAll(agreement.value, FormatDate(planned_on), ToString(form))
        .Run();
    ConditionCheckId id(c.LastInsertRowId());
    internal::Audit(c, clock_, actor, "check.schedule",
                    "agreement/" + std::to_string(agreement.value));
    return *LoadCheck(c, id);
  });
}

Result<ConditionCheck> MonitoringService::RecordCheck(const Actor& actor, ConditionCheckId id,
                                                      const std::string& outcome) {
  if (outcome.empty()) return Error::InvalidArgument("the outcome is empty", "outcome");
  return internal::WriteTx<ConditionCheck>(db_, [&](db::Connection& c) -> Result<ConditionCheck> {
    auto k = LoadCheck(c, id);
    if (!k) return Error::NotFound("no such check", "check");
    if (auto p = internal::DeskPointOf(c, actor, internal::Owned::kAgreement, k->agreement.value);
        !p)
      return Error::NotFound("no such check", "check");
    if (k->done_at)
      return Error::RuleViolation("check_already_done", "the check is already recorded", "check");
    c.Prepare("UPDATE condition_check SET done_at = ?, outcome = ?, staff_id = ? WHERE id = ?")
        .BindAll(internal::Now(clock_), outcome, actor.user.value, id.value)
        .Run();
    internal::Audit(c, clock_, actor, "check.record",
                    "agreement/" + std::to_string(k->agreement.value), outcome);
    return *LoadCheck(c, id);
  });
}

Result<std::vector<ConditionCheck>> MonitoringService::ListChecks(const Actor& actor,
                                                                  AgreementId agreement) {
  return internal::ReadTx<std::vector<ConditionCheck>>(
      db_, [&](db::Connection& c) -> Result<std::vector<ConditionCheck>> {
        if (auto p = internal::DeskPointOf(c, actor, internal::Owned::kAgreement, agreement.value);
            !p)
          return p.error();
        auto s = c.Prepare(
            "SELECT id FROM condition_check WHERE agreement_id = ? ORDER BY planned_on, id");
        s.BindAll(agreement.value);
        std::vector<ConditionCheckId> ids;
        while (s.Step()) ids.emplace_back(s.Get<std::int64_t>(0));
        s.Reset();
        std::vector<ConditionCheck> out;
        for (auto id : ids) out.push_back(*LoadCheck(c, id));
        return out;
      });
}

Result<Consultation> MonitoringService::RecordConsultation(const Actor& actor, FamilyId family,
                                                           std::optional<AgreementId> agreement,
                                                           Date given_on, const std::string& topic,
                                                           ContactForm form) {
  if (topic.empty()) return Error::InvalidArgument("the topic is empty", "topic");
  if (given_on > LocalToday(clock_, settings_.Get()))
    return Error::InvalidArgument("the date is in the future", "given_on");
  return internal::WriteTx<Consultation>(db_, [&](db::Connection& c) -> Result<Consultation> {
    if (auto p = internal::DeskPointOf(c, actor, internal::Owned::kFamily, family.value); !p)
      return p.error();
    std::optional<std::int64_t> ag;
    if (agreement) {
      auto s = c.Prepare("SELECT family_id FROM agreement WHERE id = ?");
      if (!s.BindAll(agreement->value).Step())
        return Error::NotFound("no such agreement", "agreement");
      if (s.Get<std::int64_t>(0) != family.value)
        return Error::InvalidArgument("the agreement is not this family's", "agreement");
      ag = agreement->value;
    }
    c.Prepare(
         "INSERT INTO consultation(family_id, agreement_id, given_on, staff_id, topic, form) "
         "VALUES(?,?,?,?,?,?)")
        .BindAll(family.value, ag, FormatDate(given_on), actor.user.value, topic, ToString(form))
        .Run();
    Consultation out{
        ConsultationId(c.LastInsertRowId()), family, agreement, given_on, actor.user, topic, form};
    internal::Audit(c, clock_, actor, "consultation.record",
                    "family/" + std::to_string(family.value), topic);
    return out;
  });
}

Result<std::vector<Consultation>> MonitoringService::ListConsultations(const Actor& actor,
                                                                       FamilyId family) {
  return internal::ReadTx<std::vector<Consultation>>(
      db_, [&](db::Connection& c) -> Result<std::vector<Consultation>> {
        if (auto p = internal::DeskPointOf(c, actor, internal::Owned::kFamily, family.value); !p)
          return p.error();
        auto s = c.Prepare(
            "SELECT id, agreement_id, given_on, staff_id, topic, form FROM consultation "
            "WHERE family_id = ? ORDER BY given_on, id");
        s.BindAll(family.value);
        std::vector<Consultation> out;
        while (s.Step()) {
          Consultation k;
          k.id = ConsultationId(s.Get<std::int64_t>(0));
          k.family = family;
          if (auto a = s.Get<std::optional<std::int64_t>>(1)) k.agreement = AgreementId(*a);
          k.given_on = internal::StoredDate(s, 2, "consultation.given_on");
          k.staff = UserId(s.Get<std::int64_t>(3));
          k.topic = s.Get<std::string>(4);
          k.form = Parse<ContactForm>(s.Get<std::string>(5)).value_or(ContactForm::kInPerson);
          out.push_back(std::move(k));
        }
        return out;
      });
}

}  // namespace prokat::inventory
