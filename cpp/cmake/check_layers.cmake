# Fails when a layer of the core includes a layer above it (docs/architecture.md, "The C++
# core, bottom-up"). Run as a build step of sfnsim_core, and by tests/test_layers.py on a
# scratch tree with a bad include to prove that it fails:
#   cmake -DROOT=<the cpp folder> -P check_layers.cmake
if(NOT DEFINED ROOT)
  message(FATAL_ERROR "check_layers.cmake: pass -DROOT=<the cpp folder>")
endif()

# Bottom-up; a file may include its own layer and those listed before it.
set(LAYERS common json path intrinsics payload jsonata asl engine service server bindings)

set(violations "")
foreach(layer IN LISTS LAYERS)
  list(FIND LAYERS ${layer} rank)
  file(GLOB_RECURSE sources "${ROOT}/${layer}/*.h" "${ROOT}/${layer}/*.cpp")
  foreach(source IN LISTS sources)
    file(STRINGS "${source}" includes REGEX "^[ \t]*#[ \t]*include[ \t]+\"[a-z_]+/")
    foreach(line IN LISTS includes)
      string(REGEX REPLACE "^[ \t]*#[ \t]*include[ \t]+\"([a-z_]+)/.*" "\\1" included "${line}")
      list(FIND LAYERS ${included} included_rank)
      if(included_rank GREATER rank)
        file(RELATIVE_PATH shown "${ROOT}" "${source}")
        string(APPEND violations "\n  ${shown}: the ${layer} layer includes ${included}, a layer above it")
      endif()
    endforeach()
  endforeach()
endforeach()

if(violations)
  message(FATAL_ERROR "Layering violations (each layer may include only the layers below it):${violations}")
endif()
