#include "api/images.hpp"

#include <boost/beast/core/string.hpp>
#include <opencv2/imgcodecs.hpp>
#include <optional>
#include <string>

#include "api/errors.hpp"

namespace prokat::web {

namespace {

enum class ImageFormat { kPng, kJpeg };

std::uint32_t BigEndian(std::string_view bytes, std::size_t at, std::size_t n) {
  std::uint32_t v = 0;
  for (std::size_t i = 0; i < n; ++i) v = (v << 8) | static_cast<unsigned char>(bytes[at + i]);
  return v;
}

// The image's width and height from its header, or std::nullopt when `bytes` is not a PNG or
// JPEG file of that format (wrong signature, truncated header).
std::optional<std::pair<std::uint32_t, std::uint32_t>> ImageDimensions(std::string_view bytes,
                                                                       ImageFormat format) {
  if (format == ImageFormat::kPng) {
    constexpr std::string_view kSignature("\x89PNG\r\n\x1a\n", 8);
    if (bytes.size() < 24 || bytes.substr(0, 8) != kSignature || bytes.substr(12, 4) != "IHDR")
      return std::nullopt;
    return std::pair{BigEndian(bytes, 16, 4), BigEndian(bytes, 20, 4)};
  }
  if (bytes.size() < 4 || static_cast<unsigned char>(bytes[0]) != 0xFF ||
      static_cast<unsigned char>(bytes[1]) != 0xD8) {
    return std::nullopt;
  }
  std::size_t at = 2;
  while (at + 4 <= bytes.size()) {
    if (static_cast<unsigned char>(bytes[at]) != 0xFF) return std::nullopt;
    const unsigned marker = static_cast<unsigned char>(bytes[at + 1]);
    if (marker == 0xFF) {  // fill byte
      ++at;
      continue;
    }
    if (marker == 0x01 || (marker >= 0xD0 && marker <= 0xD7)) {  // no length
      at += 2;
      continue;
    }
    if (marker == 0xD9 || marker == 0xDA)
      return std::nullopt;  // end of image or scan before a frame header
    const std::size_t length = BigEndian(bytes, at + 2, 2);
    const bool frame =
        marker >= 0xC0 && marker <= 0xCF && marker != 0xC4 && marker != 0xC8 && marker != 0xCC;
    if (frame) {
      if (at + 9 > bytes.size()) return std::nullopt;
      return std::pair{BigEndian(bytes, at + 7, 2), BigEndian(bytes, at + 5, 2)};
    }
    if (length < 2) return std::nullopt;
    at += 2 + length;
  }
  return std::nullopt;
}

Response Unreadable(const std::string& why) {
  return ErrorToResponse(Error::InvalidArgument(why, "body", "unreadable_image"));
}

}  // namespace

std::variant<cv::Mat, Response> DecodeImageBody(const Request& request, std::uint64_t max_bytes,
                                                int imread_flags) {
  auto type = request[http::field::content_type];
  type = type.substr(0, type.find(';'));
  std::optional<ImageFormat> format;
  if (boost::beast::iequals(type, "image/png")) format = ImageFormat::kPng;
  if (boost::beast::iequals(type, "image/jpeg")) format = ImageFormat::kJpeg;
  if (!format) {
    return ErrorToResponse(
        Error::InvalidArgument(
            "send the image as the raw body with Content-Type image/jpeg or image/png", {},
            "unsupported_media_type"),
        http::status::unsupported_media_type);
  }
  const std::string& body = request.body();
  if (body.size() > max_bytes) {
    return ErrorToResponse(
        Error::InvalidArgument("the image exceeds " + std::to_string(max_bytes) + " bytes", "body",
                               "photo_too_large"),
        http::status::payload_too_large);
  }
  if (body.empty()) return Unreadable("the body is empty: send the image's bytes");
  auto dimensions = ImageDimensions(body, *format);
  if (!dimensions || dimensions->first == 0 || dimensions->second == 0) {
    return Unreadable(std::string("the body is not a ") +
                      (*format == ImageFormat::kPng ? "PNG" : "JPEG") + " image");
  }
  if (std::uint64_t{dimensions->first} * dimensions->second > kMaxImagePixels) {
    return Unreadable("the image has more than " + std::to_string(kMaxImagePixels / 1'000'000) +
                      " megapixels");
  }
  cv::Mat image;
  try {
    const cv::Mat raw(1, static_cast<int>(body.size()), CV_8UC1, const_cast<char*>(body.data()));
    image = cv::imdecode(raw, imread_flags);
  } catch (const cv::Exception&) {
    image = cv::Mat();
  }
  if (image.empty()) return Unreadable("the image could not be decoded (corrupt or truncated)");
  return image;
}

std::optional<Response> CheckImageBody(const Request& request, std::uint64_t max_bytes) {
  auto image = DecodeImageBody(request, max_bytes, cv::IMREAD_GRAYSCALE);
  if (auto* refusal = std::get_if<Response>(&image)) return std::move(*refusal);
  return std::nullopt;
}

std::span<const std::byte> BodyBytes(const Request& request) {
  const std::string& body = request.body();
  return std::as_bytes(std::span<const char>(body.data(), body.size()));
}

}  // namespace prokat::web
