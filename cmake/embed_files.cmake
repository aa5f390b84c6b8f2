# Writes OUTPUT, a C++ file defining prokat::web::EmbeddedFiles() from every file under DIR:
# each file's path relative to DIR (with a leading '/'), its bytes, and a SHA-256 ETag.
file(GLOB_RECURSE files RELATIVE "${DIR}" "${DIR}/*")
list(SORT files)
set(entries "")
set(arrays "")
set(index 0)
foreach(f IN LISTS files)
  if(f MATCHES "(^|/)\\.|~$|(^|/)node_modules/")
    continue()
  endif()
  file(READ "${DIR}/${f}" hex HEX)
  file(SHA256 "${DIR}/${f}" sha)
  string(LENGTH "${hex}" hex_length)
  math(EXPR size "${hex_length} / 2")
  string(REGEX REPLACE "([0-9a-f][0-9a-f])" "0x\\1," bytes "${hex}")
  string(APPEND arrays "alignas(8) const unsigned char kFile${index}[] = {${bytes}0};\n")
  string(SUBSTRING "${sha}" 0 20 etag)
  string(APPEND entries "    {\"/${f}\", {reinterpret_cast<const char*>(kFile${index}), ${size}}, \"\\\"${etag}\\\"\"},\n")
  math(EXPR index "${index} + 1")
endforeach()
file(WRITE "${OUTPUT}.tmp" "// Generated from web/ui/ by cmake/embed_files.cmake. Do not edit.
#include \"static_files.hpp\"

namespace prokat::web {
namespace {
${arrays}
const EmbeddedFile kFiles[] = {
${entries}    {\"\", {}, \"\"}};
}  // namespace

std::span<const EmbeddedFile> EmbeddedFiles() { return {kFiles, sizeof kFiles / sizeof kFiles[0] - 1}; }

}  // namespace prokat::web
")
file(COPY_FILE "${OUTPUT}.tmp" "${OUTPUT}" ONLY_IF_DIFFERENT)
