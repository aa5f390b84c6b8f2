// The browser UI, embedded into the binary at build time from web/ui/. Only these files are
// ever served as static content: no request path reaches the file system.
#pragma once

#include <span>
#include <string_view>

#include "prokat/web/http.hpp"

namespace prokat::web {

struct EmbeddedFile {
  std::string_view path;  // "/index.html", "/js/app.js"
  std::string_view content;
  std::string_view etag;  // quoted, from the content's SHA-256
};

std::span<const EmbeddedFile> EmbeddedFiles();
// A hash of every embedded file: index.html and sw.js name the others under
// "/v/<version>/" (their "@UI@" is replaced when embedding).
std::string_view EmbeddedUiVersion();

// The embedded file for a GET of `path` ("/" is "/index.html"; "/v/<any version>/js/app.js"
// is "/js/app.js"), or nullptr.
const EmbeddedFile* FindEmbeddedFile(std::string_view path);

// 200 with the file (correct Content-Type, ETag), or 304 when If-None-Match matches. Under
// "/v/<this build's version>/" the file never changes, so the browser keeps it without asking
// again (Cache-Control: immutable, a year); everything else is Cache-Control: no-cache, so
// that a new version shows at once while unchanged files cost a 304 (index.html, which names
// the versioned files, and the files asked for under another build's version).
Response StaticFileResponse(const Request& request, const EmbeddedFile& file);

}  // namespace prokat::web
