// Jayway reports problems with Java exceptions, and which class is thrown decides what catches it
// (a filter swallows InvalidPathException, a path inside a filter turns PathNotFoundException into
// "undefined", ...). The port keeps that control flow with one internal C++ exception that carries
// the Java class; it never leaves the path layer (jsonpath.cpp converts it at the boundary).
#pragma once

#include <string>
#include <utility>

namespace sfn::path::detail {

enum class JavaClass : unsigned char {
  InvalidPath,       // com.jayway.jsonpath.InvalidPathException
  PathNotFound,      // com.jayway.jsonpath.PathNotFoundException
  JsonPath,          // com.jayway.jsonpath.JsonPathException (and other Jayway runtime failures)
  IndexOutOfBounds,  // java.lang.StringIndexOutOfBoundsException and friends
  NumberFormat,      // java.lang.NumberFormatException
  Other,             // any other Java exception (IllegalArgumentException, ...)
};

struct JavaException {
  JavaClass java_class;
  std::string message;
  std::string class_name;  // the fully qualified Java name, for wrapped messages

  // Java's Throwable.toString(): what `new InvalidPathException(cause)` uses as its message.
  std::string to_string() const {
    return message.empty() ? class_name : class_name + ": " + message;
  }
};

[[noreturn]] inline void throw_invalid_path(std::string message) {
  throw JavaException{JavaClass::InvalidPath, std::move(message),
                      "com.jayway.jsonpath.InvalidPathException"};
}

[[noreturn]] inline void throw_path_not_found(std::string message) {
  throw JavaException{JavaClass::PathNotFound, std::move(message),
                      "com.jayway.jsonpath.PathNotFoundException"};
}

[[noreturn]] inline void throw_json_path(std::string message) {
  throw JavaException{JavaClass::JsonPath, std::move(message),
                      "com.jayway.jsonpath.JsonPathException"};
}

}  // namespace sfn::path::detail
