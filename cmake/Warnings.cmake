# SPDX-License-Identifier: Apache-2.0
# Warnings for our own targets only; third-party headers come in as SYSTEM.
option(WARNINGS_AS_ERRORS "Treat compiler warnings as errors" OFF)
if(DEFINED ENV{CI})
  set(WARNINGS_AS_ERRORS ON)
endif()

function(fipsrock_set_warnings target)
  add_library(${target} INTERFACE)
  # No -Wnull-dereference: GCC 12 reports it from inlined Boost.Asio and nlohmann-json code at
  # -O2, where -isystem cannot silence it, so it would only ever flag library code.
  target_compile_options(${target} INTERFACE
    -Wall -Wextra -Wpedantic -Wshadow -Wnon-virtual-dtor -Woverloaded-virtual -Wcast-align
    $<$<BOOL:${WARNINGS_AS_ERRORS}>:-Werror>)
endfunction()
