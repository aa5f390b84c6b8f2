#include "prokat/scanner/frame_source.hpp"

#include <algorithm>
#include <cctype>
#include <cmath>
#include <filesystem>
#include <thread>
#include <vector>

#include <opencv2/imgcodecs.hpp>
#include <opencv2/videoio.hpp>

namespace prokat::scanner {
namespace {

namespace fs = std::filesystem;

constexpr int kStreamTimeoutMs = 5000;

bool IsImagePath(const fs::path& p) {
  std::string ext = p.extension().string();
  std::transform(ext.begin(), ext.end(), ext.begin(),
                 [](unsigned char c) { return std::tolower(c); });
  for (const char* e :
       {".png", ".jpg", ".jpeg", ".bmp", ".tif", ".tiff", ".webp", ".pgm", ".ppm"}) {
    if (ext == e) return true;
  }
  return false;
}

bool AllDigits(std::string_view s) {
  return !s.empty() && s.size() <= 2 &&
         std::all_of(s.begin(), s.end(), [](unsigned char c) { return std::isdigit(c); });
}

// Sleeps until `start + n * interval` (steady clock) so that a file plays at its own rate.
void PaceTo(std::chrono::steady_clock::time_point start, long n,
            std::chrono::duration<double> interval) {
  const auto due =
      start + std::chrono::duration_cast<std::chrono::steady_clock::duration>(interval * n);
  std::this_thread::sleep_until(due);
}

class CaptureSource final : public FrameSource {
 public:
  CaptureSource(SourceSpec spec, const Clock& clock) : spec_(std::move(spec)), clock_(clock) {}

  Result<void> Open() {
    bool ok = false;
    if (spec_.kind == SourceKind::kCamera) {
      if (!spec_.location.empty() && !fs::exists(spec_.location)) {
        return Error::Unavailable(Describe() + ": no such device");
      }
      ok = spec_.location.empty() ? cap_.open(spec_.camera_index, cv::CAP_V4L2)
                                  : cap_.open(spec_.location, cv::CAP_V4L2);
      if (ok) {
        if (spec_.fourcc.size() == 4) {
          const auto& f = spec_.fourcc;
          cap_.set(cv::CAP_PROP_FOURCC, cv::VideoWriter::fourcc(f[0], f[1], f[2], f[3]));
        }
        if (spec_.width > 0) cap_.set(cv::CAP_PROP_FRAME_WIDTH, spec_.width);
        if (spec_.height > 0) cap_.set(cv::CAP_PROP_FRAME_HEIGHT, spec_.height);
        if (spec_.fps > 0) cap_.set(cv::CAP_PROP_FPS, spec_.fps);
        cap_.set(cv::CAP_PROP_BUFFERSIZE, 1);
      }
      if (!ok)
        return Error::Unavailable(Describe() + ": cannot open the camera (missing or busy?)");
    } else if (spec_.kind == SourceKind::kStream) {
      // A network camera that loses power goes silent rather than closing the connection:
      // without these FFmpeg waits 30 s before it gives up on a read.
      ok = cap_.open(spec_.location, cv::CAP_FFMPEG,
                     {cv::CAP_PROP_OPEN_TIMEOUT_MSEC, kStreamTimeoutMs,
                      cv::CAP_PROP_READ_TIMEOUT_MSEC, kStreamTimeoutMs});
      if (!ok) return Error::Unavailable(Describe() + ": cannot open the stream");
    } else {
      if (!fs::exists(spec_.location)) return Error::NotFound(Describe() + ": no such file");
      ok = cap_.open(spec_.location, cv::CAP_FFMPEG);
      if (!ok) return Error::InvalidArgument(Describe() + ": not a readable video");
      const double fps = cap_.get(cv::CAP_PROP_FPS);
      interval_ = std::chrono::duration<double>(1.0 / (fps > 0 && fps < 1000 ? fps : 25.0));
    }
    start_ = std::chrono::steady_clock::now();
    return {};
  }

  SourceKind Kind() const override { return spec_.kind; }
  std::string Describe() const override { return spec_.Describe(); }

  Result<Frame> Read() override {
    Frame frame;
    if (ended_) {
      frame.end_of_stream = true;
      return frame;
    }
    if (spec_.kind == SourceKind::kVideoFile && spec_.realtime) PaceTo(start_, index_, interval_);
    for (int empty = 0;; ++empty) {
      if (!cap_.read(frame.image)) {
        if (spec_.kind == SourceKind::kVideoFile) {
          ended_ = true;
          frame.end_of_stream = true;
          return frame;
        }
        return Error::Unavailable(Describe() + ": no frame (device unplugged or stream down?)");
      }
      if (!frame.image.empty()) break;
      if (empty >= 3) return Error::Unavailable(Describe() + ": empty frames");
    }
    frame.captured = clock_.Now();
    if (spec_.kind == SourceKind::kVideoFile) {
      // The container's timestamp; a file without one plays at its nominal frame rate.
      const double ms = cap_.get(cv::CAP_PROP_POS_MSEC);
      const auto stamped = std::chrono::microseconds(std::llround(ms * 1000));
      const auto nominal =
          std::chrono::duration_cast<std::chrono::microseconds>(interval_ * index_);
      position_ = std::max(position_, ms > 0 ? stamped : nominal);
      frame.position = position_;
    }
    frame.index = index_++;
    return frame;
  }

 private:
  SourceSpec spec_;
  const Clock& clock_;
  cv::VideoCapture cap_;
  std::chrono::steady_clock::time_point start_;
  std::chrono::duration<double> interval_{0.04};
  std::chrono::microseconds position_{0};
  long index_ = 0;
  bool ended_ = false;
};

// A single image, or the images of a folder in name order.
class ImageFilesSource final : public FrameSource {
 public:
  ImageFilesSource(SourceSpec spec, std::vector<fs::path> files, const Clock& clock)
      : spec_(std::move(spec)), files_(std::move(files)), clock_(clock) {}

  SourceKind Kind() const override { return spec_.kind; }
  std::string Describe() const override { return spec_.Describe(); }

  Result<Frame> Read() override {
    Frame frame;
    if (next_ >= files_.size()) {
      frame.end_of_stream = true;
      return frame;
    }
    if (spec_.realtime && next_ > 0) PaceTo(start_, static_cast<long>(next_), spec_.image_interval);
    if (next_ == 0) start_ = std::chrono::steady_clock::now();
    const fs::path& path = files_[next_];
    frame.index = static_cast<long>(next_++);
    frame.position = spec_.image_interval * frame.index;
    frame.name = path.string();
    frame.image = cv::imread(frame.name, cv::IMREAD_COLOR);
    if (frame.image.empty()) return Error::InvalidArgument(frame.name + ": not a readable image");
    frame.captured = clock_.Now();
    return frame;
  }

 private:
  SourceSpec spec_;
  std::vector<fs::path> files_;
  const Clock& clock_;
  size_t next_ = 0;
  std::chrono::steady_clock::time_point start_;
};

}  // namespace

std::string_view SourceKindName(SourceKind kind) noexcept {
  switch (kind) {
    case SourceKind::kCamera:
      return "camera";
    case SourceKind::kVideoFile:
      return "video";
    case SourceKind::kStream:
      return "stream";
    case SourceKind::kImage:
      return "image";
    case SourceKind::kImageFolder:
      return "folder";
  }
  return "source";
}

SourceSpec SourceSpec::Camera(int index) {
  SourceSpec s;
  s.kind = SourceKind::kCamera;
  s.camera_index = index;
  return s;
}

SourceSpec SourceSpec::Parse(std::string_view text) {
  SourceSpec s;
  s.location = std::string(text);
  if (AllDigits(text)) {
    s = Camera(std::stoi(std::string(text)));
  } else if (text.rfind("/dev/video", 0) == 0) {
    s.kind = SourceKind::kCamera;
  } else if (text.find("://") != std::string_view::npos) {
    s.kind = SourceKind::kStream;
  } else {
    std::error_code ec;
    if (fs::is_directory(s.location, ec)) {
      s.kind = SourceKind::kImageFolder;
    } else if (IsImagePath(s.location)) {
      s.kind = SourceKind::kImage;
    } else {
      s.kind = SourceKind::kVideoFile;
    }
  }
  return s;
}

std::string SourceSpec::Describe() const {
  std::string out(SourceKindName(kind));
  out += ' ';
  if (kind == SourceKind::kCamera && location.empty()) return out + std::to_string(camera_index);
  return out + location;
}

Result<std::unique_ptr<FrameSource>> OpenFrameSource(const SourceSpec& spec, const Clock& clock) {
  if (spec.kind == SourceKind::kImage || spec.kind == SourceKind::kImageFolder) {
    std::error_code ec;
    if (!fs::exists(spec.location, ec)) return Error::NotFound(spec.Describe() + ": no such file");
    std::vector<fs::path> files;
    if (spec.kind == SourceKind::kImage) {
      files.push_back(spec.location);
    } else {
      for (const auto& e : fs::directory_iterator(spec.location, ec)) {
        if (e.is_regular_file() && IsImagePath(e.path())) files.push_back(e.path());
      }
      if (ec) return Error::Unavailable(spec.Describe() + ": " + ec.message());
      std::sort(files.begin(), files.end());
    }
    return std::unique_ptr<FrameSource>(new ImageFilesSource(spec, std::move(files), clock));
  }
  auto source = std::make_unique<CaptureSource>(spec, clock);
  if (auto opened = source->Open(); !opened.ok()) return opened.error();
  return std::unique_ptr<FrameSource>(std::move(source));
}

Result<std::unique_ptr<FrameSource>> OpenFrameSource(const SourceSpec& spec) {
  static const SystemClock clock;
  return OpenFrameSource(spec, clock);
}

}  // namespace prokat::scanner
