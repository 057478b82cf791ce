// The durable server's journal file (docs/server.md, "Durability"): SQLite, WAL mode with
// synchronous=NORMAL, a `meta` table of settings and a `journal` table of entries in order
// (seq, operation, region, body, tape). The format is the one python/sfnsim/server/durable.py
// has always written (FORMAT 1 there), so a store made before the journal moved to C++ opens
// unchanged.
//
// Why C++: the connection threads of the front (server/front.h) answer a journalled request
// here without Python's GIL; the entry is written and committed on the answering thread.
//
// Group commit: append() queues an entry in journal order; commit_through(n) returns once entry
// n is committed, committing itself, in one transaction, every entry queued by then unless
// another thread's commit already took it. Requests answered at the same time share a commit;
// a lone request pays for its own, with no thread in between.
#pragma once

#include <cstdint>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

struct sqlite3;
struct sqlite3_stmt;

namespace sfn::server {

struct JournalRow {
  std::string operation;  // empty: a timer wake-up
  std::string region;
  std::string body;
  std::string tape;  // JSON text: journal_entry.h
};

struct StoredRow {
  std::int64_t seq = 0;
  JournalRow row;
};

// Whether this build has SQLite (cmake/dependencies.cmake): without it a Journal cannot be
// made, and python/sfnsim/server/durable.py keeps the journal in Python.
bool journal_available();

class Journal {
 public:
  // Opens (or makes) the file; std::runtime_error with SQLite's message when it cannot.
  explicit Journal(const std::string& path);
  ~Journal();
  Journal(const Journal&) = delete;
  Journal& operator=(const Journal&) = delete;

  std::optional<std::string> meta(std::string_view key);
  void set_meta(std::string_view key, std::string_view value);

  // Queues `row`; its number, for commit_through.
  std::uint64_t append(JournalRow row);
  // Returns once entry `number` is committed (0: at once). std::runtime_error when the commit
  // failed; the entries stay queued for the next commit.
  void commit_through(std::uint64_t number);

  // Up to `limit` stored entries after `after_seq`, in order.
  std::vector<StoredRow> read(std::int64_t after_seq, std::size_t limit);
  std::optional<std::string> last_tape();

  // Commits what is queued, then closes the file (idempotent).
  void close();

 private:
  void exec(const char* sql);
  void commit_batch(std::vector<JournalRow>& batch);

  std::mutex db_lock_;  // the connection, one user at a time; held through a commit
  sqlite3* db_ = nullptr;
  sqlite3_stmt* insert_ = nullptr;

  std::mutex queue_lock_;  // guards what follows
  std::vector<JournalRow> queued_;
  std::uint64_t handed_ = 0;     // entries queued so far
  std::uint64_t committed_ = 0;  // of which committed (written under db_lock_, read under both)
};

}  // namespace sfn::server
