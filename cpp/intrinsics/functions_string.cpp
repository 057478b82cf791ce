// States.Format and States.StringSplit.
#include <array>
#include <string_view>
#include <unordered_set>
#include <vector>

#include "intrinsics/function_support.h"
#include "json/java_text.h"

namespace sfn::intrinsics::detail {

namespace {

// A template that came from a path has no escapes: every `{}` is a placeholder.
std::vector<std::string_view> split_placeholders(std::string_view text) {
  std::vector<std::string_view> pieces;
  std::size_t from = 0;
  for (std::size_t at = text.find("{}"); at != std::string_view::npos; at = text.find("{}", from)) {
    pieces.push_back(text.substr(from, at - from));
    from = at + 2;
  }
  pieces.push_back(text.substr(from));
  return pieces;
}

// Decodes one UTF-8 code point at `i` (advancing it); malformed bytes stand for themselves.
std::string_view next_code_point(std::string_view s, std::size_t& i) {
  const auto b0 = static_cast<unsigned char>(s[i]);
  std::size_t len = 1;
  if (b0 >= 0xF0) {
    len = 4;
  } else if (b0 >= 0xE0) {
    len = 3;
  } else if (b0 >= 0xC0) {
    len = 2;
  }
  if (i + len > s.size()) len = 1;
  for (std::size_t k = 1; k < len; ++k) {
    if ((static_cast<unsigned char>(s[i + k]) & 0xC0) != 0x80) {
      len = 1;
      break;
    }
  }
  std::string_view cp = s.substr(i, len);
  i += len;
  return cp;
}

}  // namespace

namespace {

// "There must be as many remaining arguments in the Invocation as there are occurrences of {}."
template <class Pieces>
Expected<Json> render(const Pieces& pieces, std::span<path::Selection> args, Evaluation& ev) {
  if (pieces.size() != args.size()) return refuse(ev);
  std::string out;
  for (std::size_t i = 0; i < pieces.size(); ++i) {
    out += pieces[i];
    if (i + 1 < args.size()) append_java_to_string(args[i + 1].value(), out);
  }
  return Json(std::move(out));
}

}  // namespace

Expected<Json> fn_format(std::span<path::Selection> args, Evaluation& ev) {
  if (ev.call.literal_template) return render(ev.call.template_pieces, args, ev);
  const Json& tpl = args[0].value();
  if (!tpl.is_string()) return refuse(ev);
  return render(split_placeholders(tpl.get_ref<const std::string&>()), args, ev);
}

Expected<Json> fn_string_split(std::span<path::Selection> args, Evaluation& ev) {
  const Json& text = args[0].value();
  const Json& delimiters = args[1].value();
  if (!text.is_string() || !delimiters.is_string()) return refuse(ev);
  // AWS splits like java.util.StringTokenizer: every character of the second argument is a
  // delimiter on its own, and empty tokens are dropped ("a,,b" -> ["a","b"]; "This.is+a" with
  // ".+" -> ["This","is","a"], both recorded on AWS).
  // A set, not a list: a long delimiter string made the split quadratic (issue 13).
  std::array<bool, 128> ascii{};
  std::unordered_set<std::string_view> others;
  const std::string& d = delimiters.get_ref<const std::string&>();
  for (std::size_t i = 0; i < d.size();) {
    std::string_view cp = next_code_point(d, i);
    if (cp.size() == 1 && static_cast<unsigned char>(cp[0]) < 0x80) {
      ascii[static_cast<unsigned char>(cp[0])] = true;
    } else {
      others.insert(cp);
    }
  }
  auto is_delimiter = [&](std::string_view cp) {
    if (cp.size() == 1 && static_cast<unsigned char>(cp[0]) < 0x80) {
      return ascii[static_cast<unsigned char>(cp[0])];
    }
    return !others.empty() && others.count(cp) > 0;
  };
  Json out = Json::array();
  const std::string& s = text.get_ref<const std::string&>();
  std::size_t token_start = 0;
  for (std::size_t i = 0; i < s.size();) {
    const std::size_t at = i;
    if (is_delimiter(next_code_point(s, i))) {
      if (at > token_start) out.push_back(s.substr(token_start, at - token_start));
      token_start = i;
    }
  }
  if (s.size() > token_start) out.push_back(s.substr(token_start));
  return out;
}

}  // namespace sfn::intrinsics::detail
