# Writes OUTPUT, a C++ file defining prokat::db::EmbeddedMigrations() from the SQL files in DIR.
# Files are named NNNN_name.sql and numbered from 0001 without gaps.
file(GLOB files RELATIVE "${DIR}" "${DIR}/*.sql")
list(SORT files)
set(body "")
set(expected 1)
foreach(f IN LISTS files)
  if(NOT f MATCHES "^([0-9][0-9][0-9][0-9])_[a-z0-9_]+\\.sql$")
    message(FATAL_ERROR "migration file name '${f}' is not NNNN_name.sql")
  endif()
  math(EXPR number "${CMAKE_MATCH_1}")
  if(NOT number EQUAL expected)
    message(FATAL_ERROR "migration '${f}' should be number ${expected}")
  endif()
  file(READ "${DIR}/${f}" sql)
  string(APPEND body "    {${number}, \"${f}\", R\"prokat_sql(${sql})prokat_sql\"},\n")
  math(EXPR expected "${expected} + 1")
endforeach()
file(WRITE "${OUTPUT}.tmp" "// Generated from db/migrations/ by cmake/embed_migrations.cmake. Do not edit.
#include \"prokat/db/migrations.hpp\"

namespace prokat::db {
namespace {
constexpr Migration kMigrations[] = {
${body}};
}  // namespace

std::span<const Migration> EmbeddedMigrations() { return kMigrations; }

}  // namespace prokat::db
")
file(COPY_FILE "${OUTPUT}.tmp" "${OUTPUT}" ONLY_IF_DIFFERENT)
