#include <cstdint>
#include <cstdio>

#include "asl/parse_parts.h"
#include "common/utf.h"

namespace sfn::asl::detail {

// AWS's Distributed Map label rules, in the order and words of its checks: not empty, at most 40
// characters, then the first forbidden character in this list order, escaped as Python's
// unicode-escape codec escapes it.
std::optional<std::string> label_problem(std::string_view label) {
  if (label.empty()) return std::string("Label cannot be empty");
  if (utf::code_point_count(label) > 40) return std::string("Label cannot exceed 40 characters");
  static constexpr std::string_view kForbidden = " ?*<>{}[]:;,\\|^~$#%&`\"";
  for (char c : kForbidden) {
    if (label.find(c) != std::string_view::npos) {
      std::string escaped = c == '\\' ? "\\\\" : std::string(1, c);
      return "Label contains invalid character: '" + escaped + "'";
    }
  }
  // Control characters U+0000-001F and U+007F-009F.
  for (std::uint32_t cp = 0; cp < 0xA0; ++cp) {
    if (cp == 0x20) cp = 0x7F;
    bool found = false;
    for (std::size_t i = 0; i < label.size() && !found; ++i) {
      auto c = static_cast<unsigned char>(label[i]);
      if (cp < 0x80) {
        found = c == cp;
      } else {
        found = c == 0xC2 && i + 1 < label.size() && static_cast<unsigned char>(label[i + 1]) == cp;
      }
    }
    if (!found) continue;
    char buf[8];
    if (cp == '\t') return std::string("Label contains invalid character: '\\t'");
    if (cp == '\n') return std::string("Label contains invalid character: '\\n'");
    if (cp == '\r') return std::string("Label contains invalid character: '\\r'");
    std::snprintf(buf, sizeof buf, "\\x%02x", cp);
    return "Label contains invalid character: '" + std::string(buf) + "'";
  }
  return std::nullopt;
}

}  // namespace sfn::asl::detail
