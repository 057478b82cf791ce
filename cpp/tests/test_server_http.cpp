// The HTTP front's pieces (cpp/server/): the awsJson1_0 protocol around the body, and the
// request framing table of server/request_reader.h, each row read from a real socket pair.
#include <gtest/gtest.h>
#include <sys/socket.h>
#include <unistd.h>

#include <set>
#include <string>
#include <thread>

#include "server/aws_protocol.h"
#include "server/request_reader.h"

namespace sfn::testing {
namespace {

using server::Reading;

TEST(ServerProtocol, OperationOfTarget) {
  struct Row {
    const char* target;
    const char* operation;
  };
  for (Row row : {Row{"AWSStepFunctions.StartExecution", "StartExecution"},
                  Row{"AWSStepFunctions.ListActivities.Extra", "ListActivities.Extra"},
                  Row{"AWSStepFunctions.", ""}, Row{"AWSStepFunctions", ""},
                  Row{"awsstepfunctions.ListActivities", ""}, Row{"DynamoDB_20120810.Scan", ""},
                  Row{"", ""}, Row{".ListActivities", ""}}) {
    EXPECT_EQ(server::operation_of(row.target), row.operation) << row.target;
  }
}

TEST(ServerProtocol, RegionOfSignature) {
  struct Row {
    const char* authorization;
    const char* region;
  };
  for (Row row : {
           Row{"AWS4-HMAC-SHA256 Credential=AKID/20261207/eu-west-1/states/aws4_request, "
               "SignedHeaders=host, Signature=0",
               "eu-west-1"},
           Row{"Credential=k/20261207/us-east-1/", "us-east-1"},
           Row{"Credential=/20261207/us-east-1/", ""},     // no key
           Row{"Credential=k/2026120/us-east-1/", ""},     // seven digits
           Row{"Credential=k/20261207/US-EAST-1/", ""},    // not [a-z0-9-]
           Row{"Credential=k/20261207/us-east-1", ""},     // no slash after the region
           Row{"Credential=k k/20261207/us-east-1/", ""},  // a space in the key
           Row{"Credential=x, Credential=k/20261207/ap-south-2/", "ap-south-2"},  // the second
           Row{"", ""},
       }) {
    EXPECT_EQ(server::region_of_signature(row.authorization), row.region) << row.authorization;
  }
}

TEST(ServerProtocol, RequestIdsAreVersion4Uuids) {
  server::RequestIds ids;
  std::set<std::string> seen;
  for (int i = 0; i < 1000; ++i) {
    std::string id = ids.next();
    ASSERT_EQ(id.size(), 36u);
    EXPECT_EQ(id[8], '-');
    EXPECT_EQ(id[13], '-');
    EXPECT_EQ(id[14], '4');
    EXPECT_EQ(id[18], '-');
    EXPECT_TRUE(std::string("89ab").find(id[19]) != std::string::npos) << id;
    EXPECT_EQ(id[23], '-');
    seen.insert(id);
  }
  EXPECT_EQ(seen.size(), 1000u);
}

// What the reader makes of `bytes` sent on a socket pair whose sender then closes.
struct Outcome {
  Reading::Kind kind;
  int status = 0;  // of a refusal
  std::string body;
  bool keep_alive = false;
};

Outcome read_from(const std::string& bytes, std::size_t limit = 1000) {
  int fds[2];
  EXPECT_EQ(::socketpair(AF_UNIX, SOCK_STREAM, 0, fds), 0);
  std::thread writer([&] {
    server::send_all(fds[1], bytes);
    ::shutdown(fds[1], SHUT_WR);
  });
  server::SocketReader in(fds[0]);
  Outcome out{Reading::Kind::Gone, 0, "", false};
  std::string line = in.line(server::kMaxLine + 1);
  if (!line.empty()) {
    server::Request request;
    Reading head = server::read_head(in, fds[0], line, request, out.keep_alive);
    if (head.kind == Reading::Kind::Whole && request.method == "POST") {
      head = server::read_body(in, request, limit);
    }
    out.kind = head.kind;
    out.status = head.kind == Reading::Kind::Refused ? head.refusal.status : 0;
    out.body = request.body;
  }
  writer.join();
  ::close(fds[0]);
  ::close(fds[1]);
  return out;
}

std::string post(const std::string& headers, const std::string& body) {
  return "POST / HTTP/1.1\r\nHost: x\r\n" + headers + "\r\n" + body;
}

TEST(ServerRequestReader, TheFramingTable) {
  using K = Reading::Kind;
  struct Row {
    std::string name;
    std::string bytes;
    K kind;
    int status;
    std::string body;
  };
  const std::string huge(70000, 'a');
  std::string many;
  for (int i = 0; i < 101; ++i) many += "X-" + std::to_string(i) + ": 1\r\n";
  std::vector<Row> rows = {
      {"content-length", post("Content-Length: 2\r\n", "{}"), K::Whole, 0, "{}"},
      {"no length: empty", post("", ""), K::Whole, 0, ""},
      {"chunked",
       post("Transfer-Encoding: chunked\r\n", "2\r\n{}\r\n1;x=y\r\n \r\n0\r\nT: 1\r\n\r\n"),
       K::Whole, 0, "{} "},
      {"request line too long", "POST /" + huge + " HTTP/1.1\r\n\r\n", K::Refused, 414, ""},
      {"two words", "POST /\r\n\r\n", K::Refused, 400, ""},
      {"not HTTP", "POST / FTP/1.1\r\n\r\n", K::Refused, 400, ""},
      {"HTTP/2", "POST / HTTP/2.0\r\n\r\n", K::Refused, 505, ""},
      {"HTTP/9.9", "POST / HTTP/9.9\r\n\r\n", K::Refused, 505, ""},
      {"HTTP/1.x", "POST / HTTP/1.x\r\n\r\n", K::Refused, 400, ""},
      {"header too long", post("X-Big: " + huge + "\r\n", ""), K::Refused, 431, ""},
      {"101 headers", post(many, ""), K::Refused, 431, ""},
      {"no colon", post("NoColon\r\n", ""), K::Refused, 400, ""},
      {"space before colon", post("X-A : 1\r\n", ""), K::Refused, 400, ""},
      {"folded", post("X-A: 1\r\n folded\r\n", ""), K::Refused, 400, ""},
      {"over the limit", post("Content-Length: 1001\r\n", ""), K::Refused, 413, ""},
      {"20 digits", post("Content-Length: 99999999999999999999\r\n", ""), K::Refused, 413, ""},
      {"leading zeros", post("Content-Length: 0000000000000000000002\r\n", "{}"), K::Whole, 0,
       "{}"},
      {"negative", post("Content-Length: -1\r\n", ""), K::Refused, 400, ""},
      {"plus", post("Content-Length: +2\r\n", "{}"), K::Refused, 400, ""},
      {"conflicting", post("Content-Length: 2\r\nContent-Length: 3\r\n", "{}"), K::Refused, 400,
       ""},
      {"repeated, equal", post("Content-Length: 2\r\nContent-Length: 2\r\n", "{}"), K::Whole, 0,
       "{}"},
      {"chunks over the limit", post("Transfer-Encoding: chunked\r\n", "3e9\r\n"), K::Refused, 413,
       ""},
      {"chunk size not hex", post("Transfer-Encoding: chunked\r\n", "zz\r\n{}\r\n0\r\n\r\n"),
       K::Refused, 400, ""},
      {"chunk longer than said", post("Transfer-Encoding: chunked\r\n", "1\r\n{}\r\n0\r\n\r\n"),
       K::Refused, 400, ""},
      {"chunk size line too long", post("Transfer-Encoding: chunked\r\n", std::string(2000, '2')),
       K::Refused, 400, ""},
      {"body cut short", post("Content-Length: 10\r\n", "{}"), K::Gone, 0, ""},
      {"headers cut short", "POST / HTTP/1.1\r\nHost: x\r\n", K::Gone, 0, ""},
      {"no terminating chunk", post("Transfer-Encoding: chunked\r\n", "2\r\n{}\r\n"), K::Gone, 0,
       ""},
  };
  for (const Row& row : rows) {
    Outcome out = read_from(row.bytes);
    EXPECT_EQ(out.kind, row.kind) << row.name;
    EXPECT_EQ(out.status, row.status) << row.name;
    if (row.kind == K::Whole) {
      EXPECT_EQ(out.body, row.body) << row.name;
    }
  }
}

TEST(ServerRequestReader, KeepAliveAsEachVersionAsksForIt) {
  struct Row {
    const char* head;
    bool keep_alive;
  };
  for (Row row : {Row{"GET / HTTP/1.1\r\n\r\n", true},
                  Row{"GET / HTTP/1.1\r\nConnection: close\r\n\r\n", false},
                  Row{"GET / HTTP/1.0\r\n\r\n", false},
                  Row{"GET / HTTP/1.0\r\nConnection: Keep-Alive\r\n\r\n", true}}) {
    EXPECT_EQ(read_from(row.head).keep_alive, row.keep_alive) << row.head;
  }
}

}  // namespace
}  // namespace sfn::testing
