// Compiling paths: roots, token forms, the definite/identity flags, reference paths, and Jayway's
// syntax-error messages.
#include <gtest/gtest.h>

#include "path/jsonpath.h"

namespace sfn::path {
namespace {

Path compiled(std::string_view text) {
  auto p = compile(text);
  EXPECT_TRUE(p.ok()) << text << ": " << (p.ok() ? "" : p.error().message);
  return p.ok() ? *p : Path{};
}

std::string syntax_error(std::string_view text) {
  auto p = compile(text);
  EXPECT_FALSE(p.ok()) << text << " compiled";
  return p.ok() ? "" : p.error().message;
}

TEST(PathCompile, RootsAndIdentity) {
  Path p = compiled("$");
  EXPECT_EQ(p.root, Root::Input);
  EXPECT_TRUE(p.identity);
  EXPECT_TRUE(p.definite);

  p = compiled("$$");
  EXPECT_EQ(p.root, Root::Context);
  EXPECT_TRUE(p.identity);

  p = compiled("$$.Execution.Id");
  EXPECT_EQ(p.root, Root::Context);
  EXPECT_FALSE(p.identity);
  EXPECT_TRUE(p.definite);

  p = compiled("$myVar");
  EXPECT_EQ(p.root, Root::Variable);
  EXPECT_EQ(p.variable, "myVar");
  EXPECT_TRUE(p.identity);

  p = compiled("$my_var.a[0]");
  EXPECT_EQ(p.root, Root::Variable);
  EXPECT_EQ(p.variable, "my_var");
  EXPECT_FALSE(p.identity);
  EXPECT_EQ(p.text, "$my_var.a[0]");
}

TEST(PathCompile, DefiniteOnlyForSingleNamesAndIndexes) {
  for (const char* text : {"$.a", "$['a']", "$[\"a\"]", "$.a[0]", "$.a[-1]", "$['a b'].c",
                           "$.a['b','c']" /* merged at the leaf: one value */}) {
    EXPECT_TRUE(compiled(text).definite) << text;
  }
  for (const char* text :
       {"$.*", "$[*]", "$.a[0,1]", "$['a','b'].c", "$..a", "$.a[1:2]", "$.a[:2]", "$.a[1:]"}) {
    EXPECT_FALSE(compiled(text).definite) << text;
  }
}

TEST(PathCompile, ReferencePaths) {
  for (const char* text : {"$", "$.a", "$.a.b[0]", "$['x y']", "$[\"q\"][2].z"}) {
    EXPECT_TRUE(is_reference_path(compiled(text))) << text;
  }
  for (const char* text : {"$.*", "$..a", "$.a[0,1]", "$['a','b']", "$.a[1:]", "$.a[-1]"}) {
    EXPECT_FALSE(is_reference_path(compiled(text))) << text;
  }
}

TEST(PathCompile, JaywaySyntaxErrors) {
  EXPECT_EQ(syntax_error("$."), "Path must not end with a '.' or '..'");
  EXPECT_EQ(syntax_error("$.a."), "Path must not end with a '.' or '..'");
  EXPECT_EQ(syntax_error("$...a"), "Character '.' on position 3 is not valid.");
  EXPECT_EQ(syntax_error("$.a b"),
            "Use bracket notion ['my prop'] if your property contains blank characters. "
            "position: 2");
  EXPECT_EQ(syntax_error("$['a"), "Property has not been closed - missing closing '");
  EXPECT_EQ(syntax_error("$['a'"),
            "Property must be separated by comma or Property must be terminated close square "
            "bracket at index 4");
  EXPECT_EQ(syntax_error("$['a',]"), "Found empty property at index 6");
  EXPECT_EQ(syntax_error("$[]"),
            "Could not parse token starting at position 1. Expected ?, ', 0-9, * ");
  EXPECT_EQ(syntax_error("$["),
            "java.lang.StringIndexOutOfBoundsException: String index out of range: 2");
  EXPECT_EQ(syntax_error("$[*"), "Expected wildcard token to end with ']' on position 3");
  EXPECT_EQ(syntax_error("$[1 2]"), "Failed to parse token in ArrayIndexOperation: 1 2");
  EXPECT_EQ(syntax_error("$[99999999999]"),
            "Failed to parse token in ArrayIndexOperation: 99999999999");
  EXPECT_EQ(syntax_error("$[1:2-]"), "java.lang.NumberFormatException: For input string: \"2-\"");
  EXPECT_EQ(syntax_error("$[?]"), "Not enough predicates supplied for filter [?] at position 1");
  EXPECT_EQ(syntax_error("$['\\u00zz']"),
            "com.jayway.jsonpath.JsonPathException: Unable to parse unicode value: 00zz");
  EXPECT_EQ(syntax_error("a.b"), "Path must start with '$'");
  EXPECT_EQ(syntax_error(""), "Path must start with '$'");
}

TEST(PathCompile, JaywayLeniency) {
  // Jayway ignores one stray character after the last token and accepts `.[`.
  EXPECT_TRUE(compile("$['a']x").ok());
  EXPECT_TRUE(compile("$.['a']").ok());
  EXPECT_TRUE(compile("$[ * ]").ok());
  EXPECT_TRUE(compile("$[ 'a' ]").ok());
  EXPECT_TRUE(compile("$.a[0, 2]").ok());
}

TEST(PathCompile, QuotedNamesUnescape) {
  // The escapes survive into the canonical path Jayway prints in messages.
  Json doc = {{"it's", 1}};
  Scope scope;
  scope.input = &doc;
  auto got = select(compiled("$['it\\'s']"), scope);
  ASSERT_TRUE(got.ok());
  EXPECT_EQ(got->value(), 1);
  auto missing = select(compiled("$['\\u0041\\tb']"), scope);
  ASSERT_FALSE(missing.ok());
  EXPECT_EQ(missing.error().message, "No results for path: $['A\tb']");
}

TEST(PathCompile, PathsAreSharedImmutablePrograms) {
  Path a = compiled("$.a.b");
  Path b = a;  // copies share the compiled program
  EXPECT_EQ(a.program.get(), b.program.get());
}

}  // namespace
}  // namespace sfn::path
