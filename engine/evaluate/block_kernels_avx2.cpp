// The block kernels compiled for AVX2 (16 rows of 16-bit lanes per instruction), chosen at run
// time when the processor has it. Every header is included before the target switch, so library
// code stays baseline and only the kernels below use AVX2.
#if defined(__x86_64__) && defined(__GNUC__)
#include <algorithm>
#include <cmath>
#include <cstring>
#include <limits>
#include <type_traits>
#include <vector>

#include <emmintrin.h>

#include "engine/evaluate/block.hpp"

#if defined(__clang__)
#pragma clang attribute push(__attribute__((target("avx2"))), apply_to = function)
#else
#pragma GCC push_options
#pragma GCC target("avx2")
#endif

#define SIGNPOST_KERNEL_NS avx2
#define SIGNPOST_KERNEL_NAME "avx2"
#include "engine/evaluate/block_kernels.inc"

#if defined(__clang__)
#pragma clang attribute pop
#else
#pragma GCC pop_options
#endif
#endif
