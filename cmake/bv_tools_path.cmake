# The pinned tools that scripts/install-tools puts in .tools/bin (Node.js when the machine's is too
# old for the web tools, kubectl, helm) come first on every test's PATH, as they do in the
# Makefile, so `ctest` run by hand uses the same tools as `make test`.
set(BV_TOOLS_BIN ${PROJECT_SOURCE_DIR}/.tools/bin)

# Call at the end of a CMakeLists.txt that adds tests with add_test(): CMake 3.25 sets test
# properties only for tests of the current directory.
function(bv_tests_use_pinned_tools)
  get_property(tests DIRECTORY PROPERTY TESTS)
  if(tests)
    set_property(TEST ${tests} APPEND PROPERTY ENVIRONMENT_MODIFICATION
                 "PATH=path_list_prepend:${BV_TOOLS_BIN}")
  endif()
endfunction()
