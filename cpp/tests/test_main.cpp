// The unit tests' main. Standard output is line-buffered: a pipe is otherwise block-buffered,
// and a test that crashes the process would take the "[ RUN ]" line naming it down with the
// buffer, leaving the runner (tests/test_cpp_unit.py) unable to say which test it was.
#include <gtest/gtest.h>

#include <cstdio>

int main(int argc, char** argv) {
  std::setvbuf(stdout, nullptr, _IOLBF, 0);
  testing::InitGoogleTest(&argc, argv);
  return RUN_ALL_TESTS();
}
