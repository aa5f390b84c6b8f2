# Writes OUTPUT, a C++ file defining prokat::web::EmbeddedFiles() from every file under DIR:
# each file's path relative to DIR (with a leading '/'), its bytes, and a SHA-256 ETag; and
# EmbeddedUiVersion(), a hash of all of them. In index.html and sw.js, "@UI@" becomes
# "/v/<version>": the prefix under which the files of this build are served for good.
file(GLOB_RECURSE files RELATIVE "${DIR}" "${DIR}/*")
list(FILTER files EXCLUDE REGEX "(^|/)\\.|~$|(^|/)node_modules/")
list(SORT files)
set(all_hashes "")
foreach(f IN LISTS files)
  file(SHA256 "${DIR}/${f}" sha)
  string(APPEND all_hashes "${f} ${sha}\n")
endforeach()
string(SHA256 version "${all_hashes}")
string(SUBSTRING "${version}" 0 16 version)
set(entries "")
set(arrays "")
set(index 0)
foreach(f IN LISTS files)
  set(source "${DIR}/${f}")
  if(f STREQUAL "index.html" OR f STREQUAL "sw.js")
    file(READ "${source}" text)
    string(REPLACE "@UI@" "/v/${version}" text "${text}")
    set(source "${OUTPUT}.${index}.tmp")
    file(WRITE "${source}" "${text}")
  endif()
  file(READ "${source}" hex HEX)
  file(SHA256 "${source}" sha)
  if(NOT source STREQUAL "${DIR}/${f}")
    file(REMOVE "${source}")
  endif()
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
std::string_view EmbeddedUiVersion() { return \"${version}\"; }

}  // namespace prokat::web
")
file(COPY_FILE "${OUTPUT}.tmp" "${OUTPUT}" ONLY_IF_DIFFERENT)
