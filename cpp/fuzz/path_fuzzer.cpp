// JSONPath: compile any text, then evaluate what compiles against the fixed documents in every
// way the engine does (select, exists, and ResultPath's write for reference paths).
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "fuzz_checks.h"
#include "fuzz_documents.h"
#include "path/jsonpath.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  std::string_view text(reinterpret_cast<const char*>(data), size);
  using sfn::fuzz::check;
  using sfn::fuzz::is_stray_exception;
  auto path = sfn::path::compile(text);
  if (!path) {
    check(!is_stray_exception(path.error().message));
    return 0;
  }

  const sfn::path::VariableLookup lookup = sfn::fuzz::variable;
  sfn::path::Scope scope{&sfn::fuzz::input_document(), &sfn::fuzz::context_document(), &lookup};
  auto selected = sfn::path::select(*path, scope);
  if (selected) {
    sfn::to_text(selected->value());
  } else {
    check(!is_stray_exception(selected.error().message));
  }
  sfn::path::exists(*path, scope);

  if (sfn::path::is_reference_path(*path) && path->root == sfn::path::Root::Input) {
    auto written = sfn::path::write(*path, sfn::fuzz::input_document(), sfn::Json{{"w", 1}});
    if (written) {
      sfn::to_text(*written);
    } else {
      check(!is_stray_exception(written.error().message));
    }
  }
  return 0;
}
