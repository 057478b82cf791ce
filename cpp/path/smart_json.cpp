#include "path/smart_json.h"

#include <string>

#include "common/utf.h"
#include "path/java_text.h"

namespace sfn::path::detail {

namespace {

constexpr int kMaxDepth = 64;

class SmartJsonParser {
 public:
  explicit SmartJsonParser(std::string_view s) : s_(s) {}

  std::optional<Json> parse_all() {
    Json v;
    if (!value(v, 0, false)) return std::nullopt;
    skip_ws();
    if (i_ != s_.size()) return std::nullopt;
    return v;
  }

 private:
  void skip_ws() {
    while (i_ < s_.size() &&
           (s_[i_] == ' ' || s_[i_] == '\t' || s_[i_] == '\n' || s_[i_] == '\r')) {
      ++i_;
    }
  }

  bool quoted(std::string& out) {
    const char q = s_[i_++];
    std::u16string u;
    std::string raw;
    while (i_ < s_.size()) {
      const char c = s_[i_++];
      if (c == q) {
        out = raw;
        return true;
      }
      if (c != '\\') {
        raw += c;
        continue;
      }
      if (i_ >= s_.size()) return false;
      const char e = s_[i_++];
      switch (e) {
        case 'n':
          raw += '\n';
          break;
        case 't':
          raw += '\t';
          break;
        case 'r':
          raw += '\r';
          break;
        case 'b':
          raw += '\b';
          break;
        case 'f':
          raw += '\f';
          break;
        case 'u': {
          if (i_ + 4 > s_.size()) return false;
          char16_t cu = 0;
          for (int k = 0; k < 4; ++k) {
            const char h = s_[i_++];
            int d = -1;
            if (h >= '0' && h <= '9') d = h - '0';
            if (h >= 'a' && h <= 'f') d = h - 'a' + 10;
            if (h >= 'A' && h <= 'F') d = h - 'A' + 10;
            if (d < 0) return false;
            cu = static_cast<char16_t>(cu * 16 + d);
          }
          raw += utf::to_utf8(std::u16string(1, cu));
          break;
        }
        default:
          raw += e;  // \" \' \\ \/
          break;
      }
    }
    return false;
  }

  bool value(Json& out, int depth, bool nested) {
    if (depth > kMaxDepth) return false;
    skip_ws();
    if (i_ >= s_.size()) return false;
    const char c = s_[i_];
    if (c == '[') {
      ++i_;
      out = Json::array();
      skip_ws();
      if (i_ < s_.size() && s_[i_] == ']') {
        ++i_;
        return true;
      }
      while (true) {
        Json item;
        if (!value(item, depth + 1, true)) return false;
        out.push_back(std::move(item));
        skip_ws();
        if (i_ >= s_.size()) return false;
        if (s_[i_] == ',') {
          ++i_;
          continue;
        }
        if (s_[i_] == ']') {
          ++i_;
          return true;
        }
        return false;
      }
    }
    if (c == '{') {
      ++i_;
      out = Json::object();
      skip_ws();
      if (i_ < s_.size() && s_[i_] == '}') {
        ++i_;
        return true;
      }
      while (true) {
        skip_ws();
        if (i_ >= s_.size()) return false;
        std::string key;
        if (s_[i_] == '"' || s_[i_] == '\'') {
          if (!quoted(key)) return false;
        } else {
          const std::size_t start = i_;
          while (i_ < s_.size() && s_[i_] != ':') ++i_;
          key = trim(s_.substr(start, i_ - start));
        }
        skip_ws();
        if (i_ >= s_.size() || s_[i_] != ':') return false;
        ++i_;
        Json item;
        if (!value(item, depth + 1, true)) return false;
        out[key] = std::move(item);
        skip_ws();
        if (i_ >= s_.size()) return false;
        if (s_[i_] == ',') {
          ++i_;
          continue;
        }
        if (s_[i_] == '}') {
          ++i_;
          return true;
        }
        return false;
      }
    }
    if (c == '"' || c == '\'') {
      std::string str;
      if (!quoted(str)) return false;
      out = str;
      return true;
    }
    // An unquoted word: up to the next delimiter of the enclosing structure.
    const std::size_t start = i_;
    while (i_ < s_.size() &&
           !(nested && (s_[i_] == ',' || s_[i_] == ']' || s_[i_] == '}' || s_[i_] == ':'))) {
      ++i_;
    }
    const std::string word = trim(s_.substr(start, i_ - start));
    if (word.empty()) return false;
    if (word == "true") {
      out = true;
    } else if (word == "false") {
      out = false;
    } else if (word == "null") {
      out = nullptr;
    } else if (looks_numeric(word)) {
      try {
        out = Json::parse(word);
      } catch (const Json::exception&) {
        out = word;
      }
    } else {
      out = word;
    }
    return true;
  }

  static bool looks_numeric(const std::string& w) {
    std::size_t k = w[0] == '-' ? 1 : 0;
    if (k >= w.size() || w[k] < '0' || w[k] > '9') return false;
    for (; k < w.size(); ++k) {
      const char c = w[k];
      if (!((c >= '0' && c <= '9') || c == '.' || c == 'e' || c == 'E' || c == '+' || c == '-')) {
        return false;
      }
    }
    return true;
  }

  static std::string trim(std::string_view s) {
    std::size_t b = 0;
    std::size_t e = s.size();
    while (b < e && static_cast<unsigned char>(s[b]) <= ' ') ++b;
    while (e > b && static_cast<unsigned char>(s[e - 1]) <= ' ') --e;
    return std::string(s.substr(b, e - b));
  }

  std::string_view s_;
  std::size_t i_ = 0;
};

}  // namespace

std::optional<Json> parse_permissive_json(std::string_view text) {
  try {
    return SmartJsonParser(text).parse_all();
  } catch (const std::exception&) {
    return std::nullopt;
  }
}

}  // namespace sfn::path::detail
