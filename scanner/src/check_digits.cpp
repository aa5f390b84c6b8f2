#include <string>

#include "prokat/scanner/decode.hpp"

namespace prokat::scanner {
namespace {

bool AllDigits(std::string_view s) {
  for (char c : s) {
    if (c < '0' || c > '9') return false;
  }
  return !s.empty();
}

// GS1 mod-10 check digit of `body` (the digits before the check digit).
int Gs1CheckDigit(std::string_view body) {
  int sum = 0;
  // From the right, weights 3, 1, 3, ...
  for (size_t i = 0; i < body.size(); ++i) {
    const int d = body[body.size() - 1 - i] - '0';
    sum += (i % 2 == 0) ? 3 * d : d;
  }
  return (10 - sum % 10) % 10;
}

}  // namespace

bool HasValidGtinCheckDigit(std::string_view digits) noexcept {
  if (!AllDigits(digits)) return false;
  if (digits.size() != 8 && digits.size() != 12 && digits.size() != 13) return false;
  return Gs1CheckDigit(digits.substr(0, digits.size() - 1)) == digits.back() - '0';
}

bool HasValidUpcECheckDigit(std::string_view digits) noexcept {
  if (!AllDigits(digits) || digits.size() != 8) return false;
  if (digits[0] != '0' && digits[0] != '1') return false;
  const std::string_view d = digits.substr(1, 6);
  std::string upca(1, digits[0]);
  switch (d[5]) {
    case '0':
    case '1':
    case '2':
      upca += std::string(d.substr(0, 2)) + d[5] + "0000" + std::string(d.substr(2, 3));
      break;
    case '3':
      upca += std::string(d.substr(0, 3)) + "00000" + std::string(d.substr(3, 2));
      break;
    case '4':
      upca += std::string(d.substr(0, 4)) + "00000" + d[4];
      break;
    default:
      upca += std::string(d.substr(0, 5)) + "0000" + d[5];
      break;
  }
  return Gs1CheckDigit(upca) == digits[7] - '0';
}

}  // namespace prokat::scanner
