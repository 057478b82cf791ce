#include "service/arn.h"

#include <algorithm>

#include "service/errors.h"

namespace sfn::service {

namespace {

std::vector<std::string> split(std::string_view text, char sep) {
  std::vector<std::string> out;
  std::size_t start = 0;
  while (true) {
    std::size_t end = text.find(sep, start);
    if (end == std::string_view::npos) {
      out.emplace_back(text.substr(start));
      return out;
    }
    out.emplace_back(text.substr(start, end - start));
    start = end + 1;
  }
}

std::string prefix(std::string_view region, std::string_view account) {
  std::string out = "arn:" + partition_for(region) + ":states:";
  out += region;
  out += ':';
  out += account;
  out += ':';
  return out;
}

}  // namespace

// The partition whose regions a region name belongs to: the `regionRegex` of each partition in
// botocore's data/partitions.json, read as name prefixes (docs/semantics/api-moto-findings.md).
std::string partition_for(std::string_view region) {
  struct Prefix {
    std::string_view region_prefix;
    std::string_view partition;
  };
  static constexpr Prefix kPartitions[] = {
      {"cn-", "aws-cn"},         {"us-gov-", "aws-us-gov"}, {"us-iso-", "aws-iso"},
      {"us-isob-", "aws-iso-b"}, {"eu-isoe-", "aws-iso-e"}, {"us-isof-", "aws-iso-f"},
      {"eusc-", "aws-eusc"},
  };
  for (const Prefix& p : kPartitions) {
    if (region.starts_with(p.region_prefix)) return std::string(p.partition);
  }
  return "aws";
}

Expected<Arn, ServiceError> parse_arn(std::string_view text) {
  std::vector<std::string> fields = split(text, ':');
  if (fields.size() < 7 || fields[0] != "arn" || fields[1].empty() ||
      !fields[1].starts_with("aws") || fields[2] != "states") {
    return invalid_arn_prefix(text);
  }
  Arn arn;
  arn.partition = fields[1];
  arn.region = fields[3];
  arn.account = fields[4];
  arn.type = fields[5];
  arn.parts.assign(fields.begin() + 6, fields.end());
  if (arn.region.empty() || arn.account.empty() ||
      std::any_of(arn.parts.begin(), arn.parts.end(), [](const auto& p) { return p.empty(); })) {
    return invalid_arn(text);
  }
  return arn;
}

std::string state_machine_arn(std::string_view region, std::string_view account,
                              std::string_view name) {
  return prefix(region, account) + "stateMachine:" + std::string(name);
}

std::string execution_arn(std::string_view region, std::string_view account,
                          std::string_view state_machine, std::string_view name) {
  return prefix(region, account) + "execution:" + std::string(state_machine) + ":" +
         std::string(name);
}

std::string express_execution_arn(std::string_view region, std::string_view account,
                                  std::string_view state_machine, std::string_view name,
                                  std::string_view uuid) {
  return prefix(region, account) + "express:" + std::string(state_machine) + ":" +
         std::string(name) + ":" + std::string(uuid);
}

std::string activity_arn(std::string_view region, std::string_view account, std::string_view name) {
  return prefix(region, account) + "activity:" + std::string(name);
}

std::string unqualified(const Arn& arn) {
  return "arn:" + arn.partition + ":states:" + arn.region + ":" + arn.account + ":" + arn.type +
         ":" + (arn.parts.empty() ? std::string() : arn.parts[0]);
}

bool is_valid_resource_name(std::string_view name) {
  if (name.empty() || name.size() > 80) return false;
  static constexpr std::string_view kForbidden = " <>{}[]?*\"#%\\^|~`$&,;:/";
  for (std::size_t i = 0; i < name.size(); ++i) {
    auto c = static_cast<unsigned char>(name[i]);
    if (c < 0x20 || c == 0x7f || kForbidden.find(static_cast<char>(c)) != std::string_view::npos) {
      return false;
    }
    // U+0080..U+009F (C1 controls) are two bytes in UTF-8: C2 80 .. C2 9F.
    if (c == 0xC2 && i + 1 < name.size()) {
      auto n = static_cast<unsigned char>(name[i + 1]);
      if (n >= 0x80 && n <= 0x9F) return false;
    }
    // Other whitespace AWS refuses: U+00A0, U+2000..U+200A, U+2028, U+2029, U+3000, ...
    if (c == 0xC2 && i + 1 < name.size() && static_cast<unsigned char>(name[i + 1]) == 0xA0) {
      return false;
    }
  }
  return true;
}

bool is_valid_alias_name(std::string_view name) {
  bool has_non_digit = false;
  for (char c : name) {
    bool alnum = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
    if (!alnum && c != '_' && c != '-' && c != '.') return false;
    if (!(c >= '0' && c <= '9')) has_non_digit = true;
  }
  return !name.empty() && has_non_digit;
}

bool is_version_number(std::string_view text) {
  return !text.empty() && text.size() < 18 &&
         std::all_of(text.begin(), text.end(), [](char c) { return c >= '0' && c <= '9'; });
}

}  // namespace sfn::service
