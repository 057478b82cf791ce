// The journal of a build without SQLite (cmake/dependencies.cmake): opening it says so, and
// python/sfnsim/server/durable.py then keeps the journal in Python (the same file format).
// Nothing else is reachable: a Journal is never made.
#include <stdexcept>

#include "server/journal.h"

namespace sfn::server {

namespace {

[[noreturn]] void missing() {
  throw std::runtime_error("sfnsim was built without SQLite: the journal is Python's");
}

}  // namespace

bool journal_available() { return false; }

Journal::Journal(const std::string&) { missing(); }
Journal::~Journal() = default;
std::optional<std::string> Journal::meta(std::string_view) { missing(); }
void Journal::set_meta(std::string_view, std::string_view) { missing(); }
std::uint64_t Journal::append(JournalRow) { missing(); }
void Journal::commit_through(std::uint64_t) { missing(); }
std::vector<StoredRow> Journal::read(std::int64_t, std::size_t) { missing(); }
std::optional<std::string> Journal::last_tape() { missing(); }
void Journal::close() {}
void Journal::exec(const char*) { missing(); }
void Journal::commit_batch(std::vector<JournalRow>&) { missing(); }

}  // namespace sfn::server
