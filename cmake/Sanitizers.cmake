# SPDX-License-Identifier: Apache-2.0
function(fipsrock_set_sanitizers target)
  if(ENABLE_SANITIZERS)
    target_compile_options(${target} INTERFACE -fsanitize=address,undefined -fno-omit-frame-pointer
                                               -fno-sanitize-recover=undefined)
    target_link_options(${target} INTERFACE -fsanitize=address,undefined)
    # GCC 12 under -fsanitize=address reports "may be used uninitialized" inside libstdc++'s
    # std::regex (which valijson uses): a false positive in /usr/include, off for that build.
    if(CMAKE_CXX_COMPILER_ID STREQUAL "GNU")
      target_compile_options(${target} INTERFACE -Wno-maybe-uninitialized)
    endif()
  endif()
endfunction()
