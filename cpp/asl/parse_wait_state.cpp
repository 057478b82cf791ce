#include "asl/parse_parts.h"
#include "asl/rfc3339.h"

namespace sfn::asl::detail {

void parse_wait(Ctx& ctx, const StateInput& in, State& state) {
  WaitState wait;
  int present = in.jsonata
                    ? check_at_most_one(ctx, in.json, in.at, {"Seconds", "Timestamp"})
                    : check_at_most_one(ctx, in.json, in.at,
                                        {"Seconds", "SecondsPath", "Timestamp", "TimestampPath"});
  if (present == 0) {
    ctx.schema(in.jsonata
                   ? msg::exactly_one_of({"Seconds", "Timestamp"})
                   : msg::exactly_one_of({"Seconds", "SecondsPath", "Timestamp", "TimestampPath"}),
               in.at);
  }
  wait.seconds = integer_or_path(ctx, in.json, in.at, "Seconds", in.jsonata ? "" : "SecondsPath",
                                 in.jsonata, 0, 99999999, {});
  if (const DocNode* v = in.get("Timestamp")) {
    std::string loc = at_field(in.at, "Timestamp");
    if (in.jsonata && is_jsonata_expression(*v)) {
      wait.timestamp_expression = jsonata_field(ctx, *v, loc);
    } else if (!v->is_string()) {
      ctx.schema(msg::expected_type("STRING"), loc);
    } else if (!is_rfc3339_timestamp(v->str())) {
      ctx.schema(std::string(msg::kNotRfc3339), loc);
    } else {
      wait.timestamp = std::string(v->str());
    }
  }
  if (const DocNode* v = in.get("TimestampPath"))
    wait.timestamp_path = reference_path(ctx, *v, at_field(in.at, "TimestampPath"));
  state.spec = std::move(wait);
}

}  // namespace sfn::asl::detail
