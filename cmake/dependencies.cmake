# Headers that come from a pip build environment are copied into the build directory first:
# pip builds in a fresh temporary environment each time, and an include path that changes makes
# every object that uses it recompile. Copies whose content is unchanged keep their time stamps,
# so a second `pip install .` (say, the README's `pip install '.[test]'` after `pip install .`)
# reuses the build directory's objects (pyproject.toml's build-dir) instead of starting over.
function(sfnsim_stable_headers from name out)
  set(stable "${CMAKE_BINARY_DIR}/_deps/${name}/include")
  file(GLOB_RECURSE headers RELATIVE "${from}" "${from}/*.h" "${from}/*.hpp")
  foreach(header IN LISTS headers)
    configure_file("${from}/${header}" "${stable}/${header}" COPYONLY)
  endforeach()
  set(${out} "${stable}" PARENT_SCOPE)
endfunction()

# nlohmann/json: a system package when there is one, otherwise the headers of the `nlohmann_json`
# PyPI package (a build requirement in pyproject.toml), so `pip install .` needs nothing from the OS.
find_package(nlohmann_json 3.11 QUIET CONFIG)
if(NOT nlohmann_json_FOUND)
  if(NOT NLOHMANN_JSON_INCLUDE_DIR)
    find_package(Python COMPONENTS Interpreter REQUIRED)
    execute_process(
      COMMAND "${Python_EXECUTABLE}" -c "import nlohmann_json; print(nlohmann_json.get_include())"
      OUTPUT_VARIABLE NLOHMANN_JSON_INCLUDE_DIR
      OUTPUT_STRIP_TRAILING_WHITESPACE
      RESULT_VARIABLE _sfnsim_nlohmann_rc)
    if(NOT _sfnsim_nlohmann_rc EQUAL 0)
      message(FATAL_ERROR "nlohmann/json not found: `pip install nlohmann_json` or pass "
                          "-DNLOHMANN_JSON_INCLUDE_DIR=<dir containing nlohmann/json.hpp>")
    endif()
  endif()
  sfnsim_stable_headers("${NLOHMANN_JSON_INCLUDE_DIR}" nlohmann_json _sfnsim_nlohmann_include)
  add_library(nlohmann_json INTERFACE)
  add_library(nlohmann_json::nlohmann_json ALIAS nlohmann_json)
  target_include_directories(nlohmann_json SYSTEM INTERFACE "${_sfnsim_nlohmann_include}")
endif()

if(SFNSIM_BUILD_PYTHON)
  find_package(Python COMPONENTS Interpreter Development.Module REQUIRED)
  find_package(pybind11 CONFIG REQUIRED)
  get_target_property(_sfnsim_pybind11_include pybind11::pybind11_headers
                      INTERFACE_INCLUDE_DIRECTORIES)
  if(_sfnsim_pybind11_include AND EXISTS "${_sfnsim_pybind11_include}/pybind11/pybind11.h")
    sfnsim_stable_headers("${_sfnsim_pybind11_include}" pybind11 _sfnsim_pybind11_stable)
    set_target_properties(pybind11::pybind11_headers PROPERTIES INTERFACE_INCLUDE_DIRECTORIES
                                                                "${_sfnsim_pybind11_stable}")
  endif()
endif()

if(SFNSIM_BUILD_TESTS)
  find_package(GTest REQUIRED)
endif()

# SQLite, for the durable server's journal (cpp/server/journal.cpp): the system library and
# header (libsqlite3-dev, sqlite-devel; macOS has them), the library Python's own sqlite3 module
# links to on Linux. With it the journal is C++ and the server commits it without Python's GIL
# (docs/server.md, "Durability"); a build without it (a wheel image that lacks the header) keeps
# the journal in Python (python/sfnsim/server/durable.py), same file, slower.
find_package(SQLite3)
