// Errors that ASL can see: a named error and a cause. They travel as values, never as exceptions
// across a state boundary.
#pragma once

#include <string>
#include <utility>
#include <variant>

namespace sfn {

struct Failure {
  std::string error;
  std::string cause;
  // AWS tells an absent error or cause apart from an empty one (a Fail state with only `Error`
  // fails the execution with no `cause` at all).
  bool has_error = true;
  bool has_cause = true;
};

// A value or an error (a Failure unless said otherwise). Small on purpose: the subset of
// std::expected (C++23) the core needs.
template <class T, class E = Failure>
class Expected {
 public:
  Expected(T value) : v_(std::move(value)) {}  // NOLINT(google-explicit-constructor)
  Expected(E error) : v_(std::move(error)) {}  // NOLINT(google-explicit-constructor)

  bool ok() const { return v_.index() == 0; }
  explicit operator bool() const { return ok(); }
  T& value() & { return std::get<0>(v_); }
  const T& value() const& { return std::get<0>(v_); }
  T&& value() && { return std::get<0>(std::move(v_)); }
  T& operator*() & { return value(); }
  const T& operator*() const& { return value(); }
  T* operator->() { return &value(); }
  const T* operator->() const { return &value(); }
  const E& error() const& { return std::get<1>(v_); }
  E&& error() && { return std::get<1>(std::move(v_)); }

 private:
  std::variant<T, E> v_;
};

}  // namespace sfn
