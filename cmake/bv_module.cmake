# bv_module(<name> SOURCES ... DEPS ...): one static library per src/<name>/ folder.
# DEPS is the layering contract (STYLE.md section 2): a module may only use what it lists.
function(bv_module name)
  cmake_parse_arguments(M "" "" "SOURCES;DEPS" ${ARGN})
  add_library(bv_${name} STATIC ${M_SOURCES})
  add_library(bv::${name} ALIAS bv_${name})
  target_include_directories(bv_${name} PUBLIC ${PROJECT_SOURCE_DIR}/src)
  target_link_libraries(bv_${name} PUBLIC ${M_DEPS} PRIVATE bv_flags)
  if(TARGET bv_pch AND NOT name STREQUAL "pch")
    target_precompile_headers(bv_${name} REUSE_FROM bv_pch)
  endif()
endfunction()
