// Images sent as a raw request body (phone photos to decode, signatures drawn on screen): PNG or
// JPEG, checked before anything is decoded or stored. A small file can declare a huge image, and
// a truncated one must not be kept as a signature that no act can draw later.
#pragma once

#include <cstddef>
#include <opencv2/core/mat.hpp>
#include <optional>
#include <span>
#include <variant>

#include "prokat/web/http.hpp"

namespace prokat::web {

// More pixels than this are refused before decoding. 64 Mpx covers every phone camera.
inline constexpr std::uint64_t kMaxImagePixels = 64ull * 1000 * 1000;

// The body decoded with cv::imdecode(`imread_flags`), or the refusal: 415 for a Content-Type
// other than image/png or image/jpeg, 413 "photo_too_large" past `max_bytes`, 400
// "unreadable_image" (field "body") for an empty, corrupt or truncated image, one that is not of
// its declared type, or one declaring more than kMaxImagePixels.
std::variant<cv::Mat, Response> DecodeImageBody(const Request& request, std::uint64_t max_bytes,
                                                int imread_flags);

// DecodeImageBody's refusal, if any, for a body that is only to be stored.
std::optional<Response> CheckImageBody(const Request& request, std::uint64_t max_bytes);

// The request's body as bytes. REQUIRES: the request outlives the span.
std::span<const std::byte> BodyBytes(const Request& request);

}  // namespace prokat::web
