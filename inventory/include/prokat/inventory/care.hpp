// Around a loan: internal custody (equipment signed out to a staff member for a mobile
// rehabilitation course), monitoring (condition checks by visit or call, consultations given
// to a family) and photos of condition (files beside the database). Feedback at return is
// part of AgreementService::Return (ReturnRequest::feedback_rating/comment).
// Thread-safe; each mutating call is one transaction with its journal and audit rows.
#pragma once

#include <cstddef>
#include <optional>
#include <span>
#include <string>
#include <vector>

#include "prokat/core/clock.hpp"
#include "prokat/core/result.hpp"
#include "prokat/inventory/types.hpp"

namespace prokat::db {
class Database;
}

namespace prokat::inventory {

struct Custody {
  CustodyId id;
  UserId staff;         // who holds the equipment
  std::string purpose;  // "выездной курс реабилитации, с. Лебяжье"
  Date start_date;
  Date due_date;
  std::vector<ItemId> open_items;  // not yet back
  std::string closed_at;
  int days_overdue = 0;
};

class CustodyService {
 public:
  CustodyService(db::Database& db, const Clock& clock, InventorySettings settings)
      : db_(db), clock_(clock), settings_(std::move(settings)) {}

  // Signs available items out to `staff` (status in_custody), due `due_date` (default today +
  // custody_default_days). kInvalidArgument (purpose, items, due_date not after today);
  // kNotFound (staff, item); kConflict "item_not_available".
  Result<Custody> SignOut(const Actor& actor, UserId staff, const std::vector<ItemId>& items,
                          const std::string& purpose, std::optional<Date> due_date);
  // Items come back to inspection; the custody closes when all are back.
  // kRuleViolation "item_not_in_custody" (field items).
  Result<Custody> Return(const Actor& actor, CustodyId id, const std::vector<ItemId>& items);
  Result<Custody> Get(CustodyId id);
  Result<std::vector<Custody>> ListOpen();

 private:
  db::Database& db_;
  const Clock& clock_;
  InventorySettings settings_;
};

struct ConditionCheck {
  ConditionCheckId id;
  AgreementId agreement;
  Date planned_on;
  CheckForm form = CheckForm::kCall;
  std::string done_at;  // empty while planned
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
  MonitoringService(db::Database& db, const Clock& clock, InventorySettings settings)
      : db_(db), clock_(clock), settings_(std::move(settings)) {}

  // kRuleViolation "agreement_not_active"; kInvalidArgument (planned_on in the past).
  Result<ConditionCheck> ScheduleCheck(const Actor& actor, AgreementId agreement, Date planned_on,
                                       CheckForm form);
  // kRuleViolation "check_already_done"; kInvalidArgument (outcome empty).
  Result<ConditionCheck> RecordCheck(const Actor& actor, ConditionCheckId id,
                                     const std::string& outcome);
  Result<std::vector<ConditionCheck>> ListChecks(AgreementId agreement);
  // kInvalidArgument (topic, given_on in the future); kNotFound (family, agreement);
  // the agreement must be the family's.
  Result<Consultation> RecordConsultation(const Actor& actor, FamilyId family,
                                          std::optional<AgreementId> agreement, Date given_on,
                                          const std::string& topic, ContactForm form);
  Result<std::vector<Consultation>> ListConsultations(FamilyId family);

 private:
  db::Database& db_;
  const Clock& clock_;
  InventorySettings settings_;
};

struct Photo {
  PhotoId id;
  std::optional<ItemId> item;
  std::optional<AgreementId> agreement;
  PhotoOccasion occasion = PhotoOccasion::kHandover;
  std::string file_name;  // inside the photo directory
  std::string path;       // full path of the file
  std::string taken_at;
  std::optional<Signer> signer;           // set for a signature drawn on screen
  std::optional<ReturnActId> return_act;  // a return signature, once its return is recorded
};

// The captured image of one signer of one act.
struct ActSignature {
  std::optional<ReturnActId> return_act;  // std::nullopt: the agreement's handover act
  Signer signer = Signer::kFamily;
  std::string path;  // the image file (PNG or JPEG)
};

// Photos live as files in InventorySettings::photo_dir (default "<database path>.photos"),
// named by the service; the database names them. Back the directory up with the database.
class PhotoStore {
 public:
  PhotoStore(db::Database& db, const Clock& clock, InventorySettings settings);

  // Writes the image (JPEG or PNG, recognised by its signature, at most 10 MiB) durably
  // (temp file, fsync, rename) and records it. kInvalidArgument (image, neither item nor
  // agreement given, an item given with an agreement it is not a line of); kNotFound;
  // kStorage when the file cannot be written (nothing recorded).
  Result<Photo> Attach(const Actor& actor, std::optional<ItemId> item,
                       std::optional<AgreementId> agreement, PhotoOccasion occasion,
                       std::span<const std::byte> image);
  // A signature drawn on screen for the agreement's handover act (occasion kHandover, before
  // activation: kRuleViolation "act_already_signed" after) or for the return about to be
  // recorded (occasion kReturn, on an open agreement: kRuleViolation "agreement_not_active");
  // kInvalidArgument (occasion "occasion", image); kNotFound; kStorage as Attach.
  Result<Photo> AttachSignature(const Actor& actor, AgreementId agreement, PhotoOccasion occasion,
                                Signer signer, std::span<const std::byte> image);
  Result<std::vector<Photo>> List(std::optional<ItemId> item, std::optional<AgreementId> agreement);
  // The signatures of the agreement's acts, one per act and signer: the newest drawn at the
  // desk for that act, else (the family's) the signature its delivery or pickup was confirmed
  // with. kNotFound (agreement).
  Result<std::vector<ActSignature>> ActSignatures(AgreementId agreement);
  // kNotFound.
  Result<Photo> Get(PhotoId id);
  // The stored image's bytes. kStorage when its file cannot be read.
  Result<std::string> Read(const Photo& photo);
  const std::string& directory() const { return dir_; }

 private:
  Result<Photo> Store(const Actor& actor, std::optional<ItemId> item,
                      std::optional<AgreementId> agreement, PhotoOccasion occasion,
                      std::optional<Signer> signer, std::span<const std::byte> image);

  db::Database& db_;
  const Clock& clock_;
  InventorySettings settings_;
  std::string dir_;
};

}  // namespace prokat::inventory
