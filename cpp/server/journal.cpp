#include "server/journal.h"

#include <sqlite3.h>

#include <stdexcept>
#include <utility>

namespace sfn::server {

namespace {

[[noreturn]] void fail(sqlite3* db, const std::string& what) {
  throw std::runtime_error(what + ": " + (db ? sqlite3_errmsg(db) : "out of memory"));
}

// A prepared statement, finalised when the scope ends.
class Statement {
 public:
  Statement(sqlite3* db, const char* sql) : db_(db) {
    if (sqlite3_prepare_v2(db, sql, -1, &stmt_, nullptr) != SQLITE_OK) fail(db, sql);
  }
  ~Statement() { sqlite3_finalize(stmt_); }
  Statement(const Statement&) = delete;
  Statement& operator=(const Statement&) = delete;
  sqlite3_stmt* get() const { return stmt_; }
  void text(int at, std::string_view value) {
    sqlite3_bind_text(stmt_, at, value.data(), static_cast<int>(value.size()), SQLITE_TRANSIENT);
  }
  bool step() {
    int rc = sqlite3_step(stmt_);
    if (rc == SQLITE_ROW) return true;
    if (rc != SQLITE_DONE) fail(db_, "reading the journal");
    return false;
  }

 private:
  sqlite3* db_;
  sqlite3_stmt* stmt_ = nullptr;
};

std::string column_text(sqlite3_stmt* stmt, int at) {
  const void* data = sqlite3_column_blob(stmt, at);  // text or blob alike, as stored
  int size = sqlite3_column_bytes(stmt, at);
  return data ? std::string(static_cast<const char*>(data), static_cast<std::size_t>(size))
              : std::string();
}

}  // namespace

bool journal_available() { return true; }

Journal::Journal(const std::string& path) {
  if (sqlite3_open_v2(path.c_str(), &db_, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE, nullptr) !=
      SQLITE_OK) {
    std::string message = "cannot open " + path + ": " + (db_ ? sqlite3_errmsg(db_) : "no memory");
    sqlite3_close(db_);
    db_ = nullptr;
    throw std::runtime_error(message);
  }
  try {
    // Exclusive: the server's lock file says this process is the only user, and SQLite then
    // keeps the WAL index in memory rather than in a shared file (a tenth off each commit).
    exec("PRAGMA locking_mode=EXCLUSIVE");
    exec("PRAGMA journal_mode=WAL");
    // A committed entry survives the process (SIGKILL, a crash): what the server promises. Not
    // a power cut of the machine, which FULL would add at an fsync per commit.
    exec("PRAGMA synchronous=NORMAL");
    exec("CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT)");
    exec(
        "CREATE TABLE IF NOT EXISTS journal (seq INTEGER PRIMARY KEY, operation TEXT NOT NULL,"
        " region TEXT NOT NULL, body BLOB NOT NULL, tape TEXT NOT NULL)");
    const char* insert = "INSERT INTO journal (operation, region, body, tape) VALUES (?, ?, ?, ?)";
    if (sqlite3_prepare_v2(db_, insert, -1, &insert_, nullptr) != SQLITE_OK) fail(db_, insert);
  } catch (...) {
    sqlite3_close(db_);
    db_ = nullptr;
    throw;
  }
}

Journal::~Journal() {
  try {
    close();
  } catch (const std::exception&) {  // nothing to tell anyone at this point
  }
}

void Journal::exec(const char* sql) {
  char* message = nullptr;
  if (sqlite3_exec(db_, sql, nullptr, nullptr, &message) != SQLITE_OK) {
    std::string text = message ? message : "error";
    sqlite3_free(message);
    throw std::runtime_error(std::string(sql) + ": " + text);
  }
}

std::optional<std::string> Journal::meta(std::string_view key) {
  std::lock_guard<std::mutex> guard(db_lock_);
  Statement select(db_, "SELECT value FROM meta WHERE key = ?");
  select.text(1, key);
  if (!select.step()) return std::nullopt;
  return column_text(select.get(), 0);
}

void Journal::set_meta(std::string_view key, std::string_view value) {
  std::lock_guard<std::mutex> guard(db_lock_);
  Statement replace(db_, "INSERT OR REPLACE INTO meta (key, value) VALUES (?, ?)");
  replace.text(1, key);
  replace.text(2, value);
  replace.step();
}

std::uint64_t Journal::append(JournalRow row) {
  std::lock_guard<std::mutex> guard(queue_lock_);
  queued_.push_back(std::move(row));
  return ++handed_;
}

void Journal::commit_batch(std::vector<JournalRow>& batch) {
  exec("BEGIN");
  try {
    for (const JournalRow& row : batch) {
      sqlite3_reset(insert_);
      sqlite3_bind_text(insert_, 1, row.operation.data(), static_cast<int>(row.operation.size()),
                        SQLITE_STATIC);
      sqlite3_bind_text(insert_, 2, row.region.data(), static_cast<int>(row.region.size()),
                        SQLITE_STATIC);
      sqlite3_bind_blob(insert_, 3, row.body.data(), static_cast<int>(row.body.size()),
                        SQLITE_STATIC);
      sqlite3_bind_text(insert_, 4, row.tape.data(), static_cast<int>(row.tape.size()),
                        SQLITE_STATIC);
      if (sqlite3_step(insert_) != SQLITE_DONE) fail(db_, "writing the journal");
    }
    sqlite3_reset(insert_);
    exec("COMMIT");
  } catch (...) {
    sqlite3_reset(insert_);
    sqlite3_exec(db_, "ROLLBACK", nullptr, nullptr, nullptr);
    throw;
  }
}

void Journal::commit_through(std::uint64_t number) {
  std::lock_guard<std::mutex> guard(db_lock_);
  if (committed_ >= number) return;  // another thread's commit took it
  if (!db_) throw std::runtime_error("the journal is closed");
  std::vector<JournalRow> batch;
  {
    std::lock_guard<std::mutex> queue(queue_lock_);
    batch.swap(queued_);
  }
  try {
    commit_batch(batch);
  } catch (...) {
    std::lock_guard<std::mutex> queue(queue_lock_);
    // Not lost: the next commit tries them again, still first in journal order.
    queued_.insert(queued_.begin(), std::make_move_iterator(batch.begin()),
                   std::make_move_iterator(batch.end()));
    throw;
  }
  committed_ += batch.size();
}

std::vector<StoredRow> Journal::read(std::int64_t after_seq, std::size_t limit) {
  std::lock_guard<std::mutex> guard(db_lock_);
  Statement select(db_,
                   "SELECT seq, operation, region, body, tape FROM journal WHERE seq > ? "
                   "ORDER BY seq LIMIT ?");
  sqlite3_bind_int64(select.get(), 1, after_seq);
  sqlite3_bind_int64(select.get(), 2, static_cast<sqlite3_int64>(limit));
  std::vector<StoredRow> rows;
  while (select.step()) {
    StoredRow stored;
    stored.seq = sqlite3_column_int64(select.get(), 0);
    stored.row.operation = column_text(select.get(), 1);
    stored.row.region = column_text(select.get(), 2);
    stored.row.body = column_text(select.get(), 3);
    stored.row.tape = column_text(select.get(), 4);
    rows.push_back(std::move(stored));
  }
  return rows;
}

std::optional<std::string> Journal::last_tape() {
  std::lock_guard<std::mutex> guard(db_lock_);
  Statement select(db_, "SELECT tape FROM journal ORDER BY seq DESC LIMIT 1");
  if (!select.step()) return std::nullopt;
  return column_text(select.get(), 0);
}

void Journal::close() {
  std::uint64_t handed;
  {
    std::lock_guard<std::mutex> queue(queue_lock_);
    handed = handed_;
  }
  if (db_) commit_through(handed);
  std::lock_guard<std::mutex> guard(db_lock_);
  if (!db_) return;
  sqlite3_finalize(insert_);
  insert_ = nullptr;
  sqlite3_close(db_);
  db_ = nullptr;
}

}  // namespace sfn::server
