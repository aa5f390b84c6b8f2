#include "static_files.hpp"

#include <utility>

namespace prokat::web {

namespace {

std::string_view ContentType(std::string_view path) {
  auto dot = path.rfind('.');
  std::string_view ext = dot == std::string_view::npos ? std::string_view() : path.substr(dot + 1);
  if (ext == "html") return "text/html; charset=utf-8";
  if (ext == "js" || ext == "mjs") return "text/javascript; charset=utf-8";
  if (ext == "css") return "text/css; charset=utf-8";
  if (ext == "json") return "application/json; charset=utf-8";
  if (ext == "webmanifest") return "application/manifest+json; charset=utf-8";
  if (ext == "svg") return "image/svg+xml";
  if (ext == "png") return "image/png";
  if (ext == "ico") return "image/x-icon";
  if (ext == "wav") return "audio/wav";
  if (ext == "woff2") return "font/woff2";
  if (ext == "txt") return "text/plain; charset=utf-8";
  return "application/octet-stream";
}

// "/v/<version>/rest" -> {"<version>", "/rest"}; other paths have no version.
std::pair<std::string_view, std::string_view> SplitVersion(std::string_view path) {
  if (!path.starts_with("/v/")) return {{}, path};
  const auto slash = path.find('/', 3);
  if (slash == std::string_view::npos) return {{}, path};
  return {path.substr(3, slash - 3), path.substr(slash)};
}

}  // namespace

const EmbeddedFile* FindEmbeddedFile(std::string_view path) {
  path = SplitVersion(path).second;
  if (path == "/") path = "/index.html";
  for (const EmbeddedFile& f : EmbeddedFiles()) {
    if (f.path == path) return &f;
  }
  return nullptr;
}

Response StaticFileResponse(const Request& request, const EmbeddedFile& file) {
  Response res{http::status::ok, request.version()};
  res.set(http::field::etag, file.etag);
  const std::string_view target = request.target();
  const bool current =
      SplitVersion(target.substr(0, target.find('?'))).first == EmbeddedUiVersion();
  res.set(http::field::cache_control, current ? "public, max-age=31536000, immutable" : "no-cache");
  res.set(http::field::content_type, ContentType(file.path));
  res.set(
      "Content-Security-Policy",
      "default-src 'self'; img-src 'self' data: blob:; media-src 'self' blob:; connect-src 'self'; "
      "style-src 'self'; script-src 'self'; object-src 'none'; base-uri 'none'; frame-ancestors "
      "'none'");
  if (request[http::field::if_none_match] == file.etag) {
    res.result(http::status::not_modified);
    return res;
  }
  res.body() = std::string(file.content);
  res.prepare_payload();
  return res;
}

}  // namespace prokat::web
