# Build speed (ccache, mold/lld) and the flags every project target shares (bv_flags).

find_program(BV_CCACHE ccache)
if(BV_CCACHE)
  set(CMAKE_CXX_COMPILER_LAUNCHER ${BV_CCACHE})
endif()

add_library(bv_flags INTERFACE)
target_compile_options(bv_flags INTERFACE -Wall -Wextra -Wpedantic $<$<CXX_COMPILER_ID:GNU>:-Wshadow=local>
                                          -Wnon-virtual-dtor -Wno-missing-field-initializers)

# A fast linker matters: every test binary links all of Boost.Beast's instantiations.
find_program(BV_MOLD mold)
find_program(BV_LLD ld.lld)
if(BV_MOLD)
  target_link_options(bv_flags INTERFACE -fuse-ld=mold)
elseif(BV_LLD)
  target_link_options(bv_flags INTERFACE -fuse-ld=lld)
endif()

if(BV_SANITIZE)
  target_compile_options(bv_flags INTERFACE -fsanitize=${BV_SANITIZE} -fno-omit-frame-pointer
                                            -fno-sanitize-recover=undefined)
  target_link_options(bv_flags INTERFACE -fsanitize=${BV_SANITIZE})
endif()

# Fuzzing (clang): every library gets libFuzzer's coverage instrumentation; only the fuzz
# executables link libFuzzer's main (fuzz/CMakeLists.txt).
if(BV_BUILD_FUZZ)
  if(NOT CMAKE_CXX_COMPILER_ID STREQUAL "Clang")
    message(FATAL_ERROR "BV_BUILD_FUZZ needs clang (the `fuzz` preset uses clang++-15)")
  endif()
  target_compile_options(bv_flags INTERFACE -fsanitize=fuzzer-no-link)
endif()

# Boost.Asio: we always pass a completion token; no deprecated APIs.
target_compile_definitions(bv_flags INTERFACE BOOST_ASIO_NO_DEPRECATED BOOST_BEAST_USE_STD_STRING_VIEW)
