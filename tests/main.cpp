// SPDX-License-Identifier: Apache-2.0
#define DOCTEST_CONFIG_IMPLEMENT
#include "testutil.hpp"

#include <doctest/doctest.h>

int main(int argc, char** argv)
{
  doctest::Context context(argc, argv);
  return context.run();
}
