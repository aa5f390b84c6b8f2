// Photos and on-screen signatures: files in the photo directory, rows in `photo`.
#include "prokat/inventory/photos.hpp"

#include <fcntl.h>
#include <unistd.h>

#include <cstdio>
#include <filesystem>
#include <fstream>
#include <iterator>

#include "agreement_ops.hpp"

namespace prokat::inventory {

PhotoStore::PhotoStore(db::Database& db, const Clock& clock, InventorySettings settings)
    : db_(db), clock_(clock), settings_(std::move(settings)) {
  dir_ = settings_.photo_dir.empty() ? db_.path() + ".photos" : settings_.photo_dir;
}

namespace {

const char* ImageExtension(std::span<const std::byte> image) {
  auto at = [&](std::size_t i) { return std::to_integer<unsigned>(image[i]); };
  if (image.size() > 3 && at(0) == 0xFF && at(1) == 0xD8 && at(2) == 0xFF) return "jpg";
  if (image.size() > 8 && at(0) == 0x89 && at(1) == 'P' && at(2) == 'N' && at(3) == 'G')
    return "png";
  return nullptr;
}

bool WriteDurably(const std::string& path, std::span<const std::byte> data) {
  std::string temp = path + ".partial";
  int fd = ::open(temp.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0640);
  if (fd < 0) return false;
  std::size_t done = 0;
  while (done < data.size()) {
    ssize_t n = ::write(fd, data.data() + done, data.size() - done);
    if (n <= 0) {
      ::close(fd);
      std::remove(temp.c_str());
      return false;
    }
    done += static_cast<std::size_t>(n);
  }
  bool ok = ::fsync(fd) == 0;
  ok = ::close(fd) == 0 && ok;
  if (!ok || std::rename(temp.c_str(), path.c_str()) != 0) {
    std::remove(temp.c_str());
    return false;
  }
  return true;
}

}  // namespace

Result<Photo> PhotoStore::Attach(const Actor& actor, std::optional<ItemId> item,
                                 std::optional<AgreementId> agreement, PhotoOccasion occasion,
                                 std::span<const std::byte> image) {
  return Store(actor, item, agreement, occasion, std::nullopt, image);
}

Result<Photo> PhotoStore::AttachSignature(const Actor& actor, AgreementId agreement,
                                          PhotoOccasion occasion, Signer signer,
                                          std::span<const std::byte> image) {
  if (occasion != PhotoOccasion::kHandover && occasion != PhotoOccasion::kReturn)
    return Error::InvalidArgument("a signature is taken at a handover or a return", "occasion");
  return Store(actor, std::nullopt, agreement, occasion, signer, image);
}

Result<Photo> PhotoStore::Store(const Actor& actor, std::optional<ItemId> item,
                                std::optional<AgreementId> agreement, PhotoOccasion occasion,
                                std::optional<Signer> signer, std::span<const std::byte> image) {
  if (!item && !agreement)
    return Error::InvalidArgument("a photo needs an item or an agreement", "item");
  if (image.size() > 10u * 1024 * 1024)
    return Error::InvalidArgument("the image is over 10 MiB", "image");
  const char* ext = ImageExtension(image);
  if (!ext) return Error::InvalidArgument("the image is neither JPEG nor PNG", "image");
  std::error_code ec;
  std::filesystem::create_directories(dir_, ec);
  // Messages reach the client: they name the photo, never where the server keeps it.
  if (ec) return Error::Storage("cannot create the photo directory: " + ec.message());
  std::string written;
  auto result = internal::WriteTx<Photo>(db_, [&](db::Connection& c) -> Result<Photo> {
    auto scope = internal::ScopeOf(c, actor);
    if (!scope) return scope.error();
    std::optional<std::int64_t> item_id, agreement_id;
    if (item) {
      if (auto p = internal::PointOf(c, *scope, internal::Owned::kItem, item->value); !p)
        return p.error();
      item_id = item->value;
    }
    if (agreement) {
      if (auto p = internal::PointOf(c, *scope, internal::Owned::kAgreement, agreement->value); !p)
        return p.error();
      auto a = c.Prepare("SELECT state FROM agreement WHERE id = ?");
      a.BindAll(agreement->value).Step();
      const auto state = Parse<AgreementState>(a.Get<std::string>(0));
      a.Reset();
      if (signer && occasion == PhotoOccasion::kHandover && state != AgreementState::kDraft)
        return Error::RuleViolation("act_already_signed",
                                    "the handover act is signed: signatures are taken before "
                                    "the activation",
                                    "agreement");
      if (signer && occasion == PhotoOccasion::kReturn && !(state && internal::IsOpenState(*state)))
        return Error::RuleViolation("agreement_not_active",
                                    "a return signature needs an active agreement", "agreement");
      agreement_id = agreement->value;
    }
    std::optional<std::string_view> signer_name;
    if (signer) signer_name = ToString(*signer);
    if (item && agreement &&
        !c.Prepare("SELECT 1 FROM agreement_item WHERE agreement_id = ? AND item_id = ?")
             .BindAll(agreement->value, item->value)
             .Step())
      return Error::InvalidArgument("the item is not in this agreement", "item");
    const Timestamp now = internal::NowTimestamp(clock_);
    const std::string now_text = FormatTimestamp(now);
    // The row first (its id names the file), the file second; a failed write rolls back.
    c.Prepare(
         "INSERT INTO photo(item_id, agreement_id, occasion, file_name, taken_at, by_user, "
         "signer) VALUES(?,?,?,?,?,?,?)")
        .BindAll(item_id, agreement_id, ToString(occasion), "pending-" + now_text, now_text,
                 actor.user.value, signer_name)
        .Run();
    PhotoId id(c.LastInsertRowId());
    std::string name = "photo-" + std::to_string(id.value) + "." + ext;
    c.Prepare("UPDATE photo SET file_name = ? WHERE id = ?").BindAll(name, id.value).Run();
    std::string path = (std::filesystem::path(dir_) / name).string();
    if (!WriteDurably(path, image))
      return Error::Storage("cannot write the file of photo " + std::to_string(id.value) + " (" +
                            name + ")");
    written = path;
    internal::Audit(c, clock_, actor, "photo.attach", "photo/" + std::to_string(id.value),
                    ToString(occasion));
    return Photo{id, item, agreement, occasion, name, path, now, signer, std::nullopt};
  });
  if (!result.ok() && !written.empty()) std::remove(written.c_str());
  return result;
}

namespace {

constexpr const char* kPhotoColumns =
    "SELECT id, item_id, agreement_id, occasion, file_name, taken_at, signer, return_act_id FROM "
    "photo ";

Photo PhotoFromRow(db::Statement& s, const std::string& dir) {
  Photo p;
  p.id = PhotoId(s.Get<std::int64_t>(0));
  if (auto v = s.Get<std::optional<std::int64_t>>(1)) p.item = ItemId(*v);
  if (auto v = s.Get<std::optional<std::int64_t>>(2)) p.agreement = AgreementId(*v);
  p.occasion = Parse<PhotoOccasion>(s.Get<std::string>(3)).value_or(PhotoOccasion::kHandover);
  p.file_name = s.Get<std::string>(4);
  p.path = (std::filesystem::path(dir) / p.file_name).string();
  p.taken_at = internal::StoredTimestamp(s, 5, "photo.taken_at");
  if (auto v = s.Get<std::optional<std::string>>(6)) p.signer = Parse<Signer>(*v);
  if (auto v = s.Get<std::optional<std::int64_t>>(7)) p.return_act = ReturnActId(*v);
  return p;
}

}  // namespace

Result<std::vector<Photo>> PhotoStore::List(const Actor& actor, std::optional<ItemId> item,
                                            std::optional<AgreementId> agreement) {
  return internal::ReadTx<std::vector<Photo>>(
      db_, [&](db::Connection& c) -> Result<std::vector<Photo>> {
        auto scope = internal::ScopeOf(c, actor);
        if (!scope) return scope.error();
        if (item) {
          if (auto p = internal::PointOf(c, *scope, internal::Owned::kItem, item->value); !p)
            return p.error();
        }
        if (agreement) {
          if (auto p = internal::PointOf(c, *scope, internal::Owned::kAgreement, agreement->value);
              !p)
            return p.error();
        }
        auto s = c.Prepare(std::string(kPhotoColumns) +
                           "WHERE (?1 IS NULL OR item_id = ?1) AND (?2 IS NULL OR "
                           "agreement_id = ?2) ORDER BY id");
        std::optional<std::int64_t> i, a;
        if (item) i = item->value;
        if (agreement) a = agreement->value;
        s.BindAll(i, a);
        std::vector<Photo> out;
        while (s.Step()) out.push_back(PhotoFromRow(s, dir_));
        s.Reset();
        // Listed by item alone: the photos of its loans at other points stay there (listed by
        // agreement, every photo is of the agreement's point, checked above).
        if (!agreement) {
          std::erase_if(out, [&](const Photo& photo) {
            return !internal::PointOf(c, *scope, internal::Owned::kPhoto, photo.id.value).ok();
          });
        }
        return out;
      });
}

Result<std::vector<ActSignature>> PhotoStore::ActSignatures(const Actor& actor,
                                                            AgreementId agreement) {
  return internal::ReadTx<std::vector<ActSignature>>(
      db_, [&](db::Connection& c) -> Result<std::vector<ActSignature>> {
        if (auto p =
                internal::VisiblePointOf(c, actor, internal::Owned::kAgreement, agreement.value);
            !p)
          return p.error();
        std::vector<ActSignature> out;
        auto put = [&](std::optional<ReturnActId> act, Signer signer, const std::string& file,
                       bool replace) {
          const std::string path = (std::filesystem::path(dir_) / file).string();
          for (auto& s : out) {
            if (s.return_act != act || s.signer != signer) continue;
            if (replace) s.path = path;
            return;
          }
          out.push_back({act, signer, path});
        };
        // At the desk, oldest first: a later signature for the same act and signer replaces
        // an earlier one (a retry after a failed activation signs again).
        auto desk = c.Prepare(
            "SELECT return_act_id, signer, file_name FROM photo WHERE agreement_id = ? AND "
            "signer IS NOT NULL AND (occasion = 'handover' OR return_act_id IS NOT NULL) "
            "ORDER BY id");
        desk.BindAll(agreement.value);
        while (desk.Step()) {
          std::optional<ReturnActId> act;
          if (auto v = desk.Get<std::optional<std::int64_t>>(0)) act = ReturnActId(*v);
          if (auto signer = Parse<Signer>(desk.Get<std::string>(1)))
            put(act, *signer, desk.Get<std::string>(2), true);
        }
        desk.Reset();
        // At the door: the delivery's signature is the family's on the handover act, a
        // pickup's on the return act it made; only an image stored for this agreement counts.
        auto door = c.Prepare(
            "SELECT d.kind, r.id, p.file_name FROM delivery d "
            "JOIN photo p ON p.file_name = d.signature_ref AND p.agreement_id = d.agreement_id "
            "LEFT JOIN return_act r ON r.delivery_id = d.id "
            "WHERE d.agreement_id = ? AND d.status = 'done' ORDER BY d.id");
        door.BindAll(agreement.value);
        while (door.Step()) {
          std::optional<ReturnActId> act;
          if (auto v = door.Get<std::optional<std::int64_t>>(1)) act = ReturnActId(*v);
          const bool pickup = door.Get<std::string>(0) == "pickup";
          if (pickup != act.has_value()) continue;
          put(act, Signer::kFamily, door.Get<std::string>(2), false);
        }
        return out;
      });
}

Result<Photo> PhotoStore::Get(const Actor& actor, PhotoId id) {
  return internal::ReadTx<Photo>(db_, [&](db::Connection& c) -> Result<Photo> {
    if (auto p = internal::VisiblePointOf(c, actor, internal::Owned::kPhoto, id.value); !p)
      return p.error();
    auto s = c.Prepare(std::string(kPhotoColumns) + "WHERE id = ?");
    s.BindAll(id.value).Step();
    return PhotoFromRow(s, dir_);
  });
}

Result<std::string> PhotoStore::Read(const Photo& photo) {
  std::ifstream in(photo.path, std::ios::binary);
  const auto which = [&] {
    return "the file of photo " + std::to_string(photo.id.value) + " (" + photo.file_name + ")";
  };
  if (!in) return Error::Storage("cannot open " + which());
  std::string bytes((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  if (in.bad()) return Error::Storage("cannot read " + which());
  return bytes;
}

}  // namespace prokat::inventory
