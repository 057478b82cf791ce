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
  add_library(nlohmann_json INTERFACE)
  add_library(nlohmann_json::nlohmann_json ALIAS nlohmann_json)
  target_include_directories(nlohmann_json SYSTEM INTERFACE "${NLOHMANN_JSON_INCLUDE_DIR}")
endif()

if(SFNSIM_BUILD_PYTHON)
  find_package(Python COMPONENTS Interpreter Development.Module REQUIRED)
  find_package(pybind11 CONFIG REQUIRED)
endif()

if(SFNSIM_BUILD_TESTS)
  find_package(GTest REQUIRED)
endif()
