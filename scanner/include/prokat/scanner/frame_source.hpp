// Frame sources behind one interface: a USB camera (V4L2 through OpenCV), a video file, an RTSP
// or HTTP stream, a single image, a folder of images.
//
// A FrameSource is not thread-safe: one thread opens it and reads from it (ScanLoop's capture
// thread). Sources never throw for missing devices or unreadable files; they return an Error.
#pragma once

#include <chrono>
#include <memory>
#include <string>
#include <string_view>

#include <opencv2/core/mat.hpp>

#include "prokat/core/clock.hpp"
#include "prokat/core/result.hpp"

namespace prokat::scanner {

enum class SourceKind { kCamera, kVideoFile, kStream, kImage, kImageFolder };

std::string_view SourceKindName(SourceKind kind) noexcept;  // "camera", "video", ...

struct SourceSpec {
  SourceKind kind = SourceKind::kCamera;
  // Camera: a device path ("/dev/video0"), or empty to use `camera_index`.
  // Video file, image, folder: a filesystem path. Stream: the URL.
  std::string location;
  int camera_index = 0;

  // Camera settings; 0 or empty leaves the driver's default. fourcc: "MJPG" or "YUYV".
  int width = 0;
  int height = 0;
  double fps = 0;
  std::string fourcc;

  // File sources (video, image, folder): when true, frames are delivered at the video's frame
  // rate (images: `image_interval`), as a camera would, and ScanLoop drops stale ones; when
  // false, every frame is delivered as fast as it is read and ScanLoop decodes all of them.
  // Cameras and streams are always real time.
  bool realtime = true;
  std::chrono::milliseconds image_interval{100};

  // "0".."99" or "/dev/videoN" -> camera; "rtsp://", "http://", "https://", "udp://" ->
  // stream; an existing directory -> folder; a .png/.jpg/.jpeg/.bmp/.tif/.tiff/.webp/.pgm/.ppm
  // path -> image; anything else -> video file.
  static SourceSpec Parse(std::string_view text);
  static SourceSpec Camera(int index);

  // Human-readable, for status messages ("camera 0", "video clip.avi", ...).
  std::string Describe() const;
};

struct Frame {
  cv::Mat image;  // BGR or gray, as the backend delivers it; empty when end_of_stream
  // When the frame was taken from the device or file, on the source's clock.
  std::chrono::system_clock::time_point captured;
  // File sources: the frame's own time in the file (a video's timestamp; images: index x
  // image_interval), whatever the speed of reading. Cameras and streams: zero.
  std::chrono::microseconds position{0};
  long index = 0;              // 0-based position in the source
  std::string name;            // image and folder sources: the file's path; else empty
  bool end_of_stream = false;  // a file source has no more frames; Read() keeps returning this
};

class FrameSource {
 public:
  virtual ~FrameSource() = default;
  FrameSource(const FrameSource&) = delete;
  FrameSource& operator=(const FrameSource&) = delete;

  virtual SourceKind Kind() const = 0;
  virtual std::string Describe() const = 0;

  // Blocks until the next frame. Returns the frame, or a frame with end_of_stream for a file
  // source that is finished. Returns Error::Unavailable when a camera or stream stops
  // delivering (unplugged, network down, repeated empty frames); the source is then unusable
  // and the caller reopens it. A folder returns Error::InvalidArgument for an unreadable file
  // and continues with the next file on the following call.
  virtual Result<Frame> Read() = 0;

 protected:
  FrameSource() = default;
};

// Opens the source. Returns Error::NotFound for a missing file or folder,
// Error::Unavailable for a camera or stream that cannot be opened, Error::InvalidArgument for
// a file that is not a readable image or video. `clock` stamps Frame::captured and must outlive
// the source.
Result<std::unique_ptr<FrameSource>> OpenFrameSource(const SourceSpec& spec, const Clock& clock);
// Same, with the system clock.
Result<std::unique_ptr<FrameSource>> OpenFrameSource(const SourceSpec& spec);

}  // namespace prokat::scanner
