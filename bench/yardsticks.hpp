// The hand-written yardsticks, as functions the benchmark calls (bench/yardsticks.cpp).
#pragma once
#include "bench/seed38.hpp"

namespace yardstick {
// Every response through seed38::score; returns a checksum so the work cannot be skipped.
uint64_t plain(const seed38::Response* rows, size_t n);
// seed38::score_columns over n rows, split over `threads`.
void columnar(const uint8_t* const* cols, size_t n, seed38::ColumnarOut& out, unsigned threads = 1);
}  // namespace yardstick
