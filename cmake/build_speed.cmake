# How the build stays fast on two cores. Nearly every file includes
# nlohmann/json, whose templates cost more to instantiate and compile than most
# of our own code does, once per translation unit:
# - unity builds compile each target's files in batches, so a batch
#   instantiates and compiles those templates once instead of once per file
#   (PM_UNITY_BUILD; turn it off for one-file rebuilds while editing);
# - ccache is used when installed: its cache is shared by every checkout and
#   build tree on the machine (paths are hashed relative to the source tree);
# - without ccache, the library precompiles the third-party and standard headers
#   and the other targets of the build reuse them (PM_PRECOMPILED_HEADERS). Not
#   with ccache: GCC writes a different precompiled header each time, so no
#   object compiled with one could ever be found in the cache again.

option(PM_UNITY_BUILD "Compile each target's sources in batches (unity build)" ON)
set(PM_UNITY_BATCH_SIZE 12 CACHE STRING "Source files per unity batch")

if(NOT CMAKE_CXX_COMPILER_LAUNCHER)
  find_program(PM_CCACHE ccache)
  if(PM_CCACHE)
    # Depend mode: a cache miss costs no extra preprocessor run. Paths relative
    # to the source tree and no working directory in the hash: another
    # checkout of the same files hits the same entries.
    set(CMAKE_CXX_COMPILER_LAUNCHER ${CMAKE_COMMAND} -E env CCACHE_DEPEND=1 CCACHE_NOHASHDIR=1
                                    CCACHE_BASEDIR=${PROJECT_SOURCE_DIR} ${PM_CCACHE})
  endif()
endif()
if(CMAKE_CXX_COMPILER_LAUNCHER)
  set(pm_pch_default OFF)
else()
  set(pm_pch_default ON)
endif()
option(PM_PRECOMPILED_HEADERS "Precompile the third-party and standard headers"
       ${pm_pch_default})

# CLI11 stays out: few files use it, and with it in the header every file
# compiled more slowly.
set(PM_PRECOMPILED_HEADER_LIST
    <nlohmann/json.hpp> <spdlog/spdlog.h> <SQLiteCpp/SQLiteCpp.h>
    <algorithm> <filesystem> <functional> <map> <memory> <optional> <set> <sstream>
    <stdexcept> <string> <string_view> <unordered_map> <utility> <variant> <vector>)

# pm_fast_build(TARGET [NO_UNITY] [REUSE_FROM LIBRARY]): unity batches for
# TARGET (unless NO_UNITY); the precompiled header of its own, or LIBRARY's for
# a target compiled with the same flags.
function(pm_fast_build target)
  cmake_parse_arguments(PARSE_ARGV 1 ARG "NO_UNITY" "REUSE_FROM" "")
  if(PM_UNITY_BUILD AND NOT ARG_NO_UNITY)
    set_target_properties(${target} PROPERTIES UNITY_BUILD ON
                                               UNITY_BUILD_BATCH_SIZE ${PM_UNITY_BATCH_SIZE})
  endif()
  if(PM_PRECOMPILED_HEADERS)
    if(ARG_REUSE_FROM)
      target_precompile_headers(${target} REUSE_FROM ${ARG_REUSE_FROM})
    else()
      target_precompile_headers(${target} PRIVATE ${PM_PRECOMPILED_HEADER_LIST})
    endif()
  endif()
endfunction()

# pm_unity_skip(FILE...): compiles these files (paths from the source root) on
# their own. A file goes here when a name private to it (anonymous namespace,
# static) clashes with another file's in the same unity batch; the build then
# fails with "redefinition of ...". Renaming one of the two is the better fix.
function(pm_unity_skip)
  foreach(file IN LISTS ARGN)
    set_source_files_properties(${PROJECT_SOURCE_DIR}/${file} PROPERTIES
                                SKIP_UNITY_BUILD_INCLUSION ON)
  endforeach()
endfunction()
