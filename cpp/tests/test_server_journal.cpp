// The durable server's journal file (server/journal.h) and the entry text it stores
// (server/durable_road.h): what is committed is read back in order, by a later opening of the
// file too; requests committing at the same time lose nothing and keep the journal's order;
// the tape text is the JSON python/sfnsim/server/durable.py reads back for the replay.
#include <gtest/gtest.h>
#include <unistd.h>

#include <cstdlib>
#include <filesystem>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include "json/json.h"
#include "server/durable_road.h"
#include "server/journal.h"

namespace sfn::testing {
namespace {

using server::Journal;
using server::JournalRow;

// A fresh directory, removed with its files at the end of the test.
struct ScratchDir {
  std::filesystem::path path;
  ScratchDir() {
    std::string pattern = (std::filesystem::temp_directory_path() / "sfnsim-journal-XXXXXX");
    path = ::mkdtemp(pattern.data());
  }
  ~ScratchDir() { std::filesystem::remove_all(path); }
  std::string db() const { return (path / "sfnsim.db").string(); }
};

TEST(ServerJournal, CommittedEntriesComeBackInOrderAfterReopening) {
  ScratchDir dir;
  {
    Journal journal(dir.db());
    journal.set_meta("format", "1");
    std::uint64_t first = journal.append({"CreateStateMachine", "us-east-1", "{\"a\":1}", "{}"});
    std::uint64_t second = journal.append({"", "", "", "{\"clock\":[5]}"});
    EXPECT_EQ(first + 1, second);
    journal.commit_through(second);
    journal.append({"StartExecution", "eu-west-1", std::string("x\0y", 3), "{\"clock\":[]}"});
    // Not committed by hand: closing commits what is queued.
  }
  Journal journal(dir.db());
  EXPECT_EQ(journal.meta("format"), "1");
  EXPECT_EQ(journal.meta("missing"), std::nullopt);
  auto rows = journal.read(0, 10);
  ASSERT_EQ(rows.size(), 3u);
  EXPECT_EQ(rows[0].row.operation, "CreateStateMachine");
  EXPECT_EQ(rows[0].row.body, "{\"a\":1}");
  EXPECT_EQ(rows[1].row.operation, "");
  EXPECT_EQ(rows[2].row.region, "eu-west-1");
  EXPECT_EQ(rows[2].row.body, std::string("x\0y", 3));  // a body is bytes, kept whole
  EXPECT_EQ(journal.last_tape(), "{\"clock\":[]}");
  auto after = journal.read(rows[0].seq, 1);  // paged
  ASSERT_EQ(after.size(), 1u);
  EXPECT_EQ(after[0].seq, rows[1].seq);
}

TEST(ServerJournal, ConcurrentCommitsLoseNothingAndKeepTheOrder) {
  ScratchDir dir;
  constexpr int kThreads = 8;
  constexpr int kEach = 200;
  {
    Journal journal(dir.db());
    std::mutex serial;  // the durable road's: entries numbered in journal order
    std::vector<std::thread> threads;
    for (int t = 0; t < kThreads; ++t) {
      threads.emplace_back([&, t] {
        for (int i = 0; i < kEach; ++i) {
          std::uint64_t number;
          {
            std::lock_guard<std::mutex> guard(serial);
            number = journal.append({"StartExecution", "r", std::to_string(t * kEach + i), "{}"});
          }
          journal.commit_through(number);
        }
      });
    }
    for (auto& thread : threads) thread.join();
  }
  Journal journal(dir.db());
  auto rows = journal.read(0, kThreads * kEach + 1);
  ASSERT_EQ(rows.size(), static_cast<std::size_t>(kThreads * kEach));
  std::vector<int> seen(kThreads * kEach, 0);
  for (std::size_t i = 0; i < rows.size(); ++i) {
    if (i > 0) {
      EXPECT_LT(rows[i - 1].seq, rows[i].seq);
    }
    ++seen[std::stoi(rows[i].row.body)];
  }
  for (int count : seen) EXPECT_EQ(count, 1);
}

TEST(ServerJournal, AFileThatIsNoDatabaseIsRefused) {
  ScratchDir dir;
  std::filesystem::create_directory(dir.path / "sfnsim.db");  // a directory in its place
  EXPECT_THROW(Journal journal(dir.db()), std::runtime_error);
}

TEST(ServerJournal, TapeTextIsTheJsonTheReplayReads) {
  service::Tape tape;
  EXPECT_EQ(server::tape_text(tape), "{\"clock\":[]}");  // the clock always, the rest if any
  tape.clock = {1, -2};
  tape.uuids = {"a\"b"};
  tape.seeds = {18446744073709551615ull};
  tape.replies = {"{\"kind\":\"succeeded\",\"result\":[1,2]}"};
  std::string text = server::tape_text(tape, {"m", "\xc3\xa9", "Case"});
  Json parsed = Json::parse(text);
  EXPECT_EQ(parsed["clock"], Json::parse("[1,-2]"));
  EXPECT_EQ(parsed["uuids"][0], "a\"b");
  EXPECT_EQ(parsed["seeds"][0].get<std::uint64_t>(), 18446744073709551615ull);
  EXPECT_EQ(parsed["replies"][0]["result"], Json::parse("[1,2]"));
  EXPECT_EQ(parsed["test_case"][1], "\xc3\xa9");
}

TEST(ServerJournal, OnlyAnEmptyActivityPollChangesNothing) {
  EXPECT_TRUE(server::changed_nothing("GetActivityTask", 200, " {} \n"));
  EXPECT_FALSE(server::changed_nothing("GetActivityTask", 200, "{\"taskToken\":\"t\"}"));
  EXPECT_FALSE(server::changed_nothing("GetActivityTask", 400, "{}"));
  EXPECT_FALSE(server::changed_nothing("StopExecution", 200, "{}"));
}

}  // namespace
}  // namespace sfn::testing
