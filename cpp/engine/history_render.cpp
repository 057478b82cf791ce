// GetExecutionHistory's wire shape for one event (the awsJson shape the service returns):
// history_render.h's fields written into a Json document, `timestamp` in epoch seconds.
#include "engine/history_render.h"

#include <vector>

namespace sfn::engine {

namespace {

// Writes into the innermost open object; begin() opens a member object, end() closes it.
class JsonOut {
 public:
  explicit JsonOut(Json& root) : open_{&root} {}
  void text(std::string_view key, std::string_view value) {
    top()[std::string(key)] = std::string(value);
  }
  void integer(std::string_view key, std::int64_t value) { top()[std::string(key)] = value; }
  void boolean(std::string_view key, bool value) { top()[std::string(key)] = value; }
  void json(std::string_view key, const Json& value) { top()[std::string(key)] = value; }
  void timestamp(std::string_view key, std::int64_t epoch_ms) {
    top()[std::string(key)] = static_cast<double>(epoch_ms) / 1000.0;
  }
  void begin(std::string_view key) {
    Json& child = top()[std::string(key)] = Json::object();
    open_.push_back(&child);
  }
  void end() { open_.pop_back(); }

 private:
  Json& top() { return *open_.back(); }
  std::vector<Json*> open_;
};

}  // namespace

Json to_api_json(const HistoryEvent& event, const RenderOptions& options) {
  Json out = Json::object();
  JsonOut sink(out);
  render_event(event, options, sink);
  return out;
}

}  // namespace sfn::engine
