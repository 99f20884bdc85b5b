# SPDX-License-Identifier: Apache-2.0
function(fipsrock_set_sanitizers target)
  if(ENABLE_SANITIZERS)
    target_compile_options(${target} INTERFACE -fsanitize=address,undefined -fno-omit-frame-pointer
                                               -fno-sanitize-recover=undefined)
    target_link_options(${target} INTERFACE -fsanitize=address,undefined)
  endif()
endfunction()
