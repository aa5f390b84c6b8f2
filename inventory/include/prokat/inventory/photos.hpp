// Photos of condition and signatures drawn on screen: image files beside the database,
// recorded in the `photo` table. Thread-safe; a file is written durably before its row commits.
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

struct Photo {
  PhotoId id;
  std::optional<ItemId> item;
  std::optional<AgreementId> agreement;
  PhotoOccasion occasion = PhotoOccasion::kHandover;
  std::string file_name;  // inside the photo directory
  std::string path;       // full path of the file
  Timestamp taken_at;
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
  // Reads answer kNotFound for an item, agreement or photo of a point outside the actor's; a
  // photo taken on an agreement stays with the agreement's point when its item moves.
  Result<std::vector<Photo>> List(const Actor& actor, std::optional<ItemId> item,
                                  std::optional<AgreementId> agreement);
  // The signatures of the agreement's acts, one per act and signer: the newest drawn at the
  // desk for that act, else (the family's) the signature its delivery or pickup was confirmed
  // with. kNotFound (agreement).
  Result<std::vector<ActSignature>> ActSignatures(const Actor& actor, AgreementId agreement);
  // kNotFound.
  Result<Photo> Get(const Actor& actor, PhotoId id);
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
