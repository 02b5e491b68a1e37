# Version and commit for bahnvision_build_info and `bahnvision version`.
set(BV_VERSION ${PROJECT_VERSION})
execute_process(COMMAND git rev-parse --short=12 HEAD
                WORKING_DIRECTORY ${PROJECT_SOURCE_DIR}
                OUTPUT_VARIABLE BV_COMMIT OUTPUT_STRIP_TRAILING_WHITESPACE
                ERROR_QUIET RESULT_VARIABLE bv_git_result)
if(NOT bv_git_result EQUAL 0 OR BV_COMMIT STREQUAL "")
  set(BV_COMMIT "unknown")
endif()
