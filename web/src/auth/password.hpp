// Password hashing with libsodium's argon2id (crypto_pwhash_str_alg, interactive limits).
// REQUIRES: sodium_init() has succeeded (main() calls it). Thread-safe.
#pragma once

#include <string>
#include <string_view>

namespace prokat::web {

// An encoded "$argon2id$..." string with its own salt and parameters.
// Throws std::runtime_error when libsodium cannot allocate the memory it needs.
std::string HashPassword(std::string_view password);

// True when `password` matches `encoded`; false for a wrong password or a malformed/empty hash.
bool VerifyPassword(const std::string& encoded, std::string_view password);

// A random token of `bytes` bytes, hex-encoded (session ids, CSRF tokens).
std::string RandomToken(std::size_t bytes = 32);

// Hex SHA-256 of `text` (sessions are stored under the hash of their token, so a stolen
// database copy holds no usable session ids).
std::string Sha256Hex(std::string_view text);

}  // namespace prokat::web
