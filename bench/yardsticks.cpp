// The hand-written yardsticks (bench/seed38.hpp), compiled on their own so that bench/run.sh can
// give them every instruction the machine has (SIGNPOST_BENCH_NATIVE: -march=native).
#include "bench/yardsticks.hpp"

#include <thread>

namespace yardstick {

uint64_t plain(const seed38::Response* rows, size_t n) {
  uint64_t check = 0;
  for (size_t r = 0; r < n; ++r) {
    seed38::Result x = seed38::score(rows[r]);
    check += uint32_t(x.mask) * 131u + x.total;
  }
  return check;
}

void columnar(const uint8_t* const* cols, size_t n, seed38::ColumnarOut& out, unsigned threads) {
  if (threads <= 1) return seed38::score_columns(cols, 0, n, out);
  std::vector<std::thread> pool;
  for (unsigned t = 0; t < threads; ++t) {
    size_t begin = n * t / threads / 4096 * 4096, end = t + 1 == threads ? n : n * (t + 1) / threads / 4096 * 4096;
    pool.emplace_back([=, &out] { seed38::score_columns(cols, begin, end, out); });
  }
  for (auto& th : pool) th.join();
}

}  // namespace yardstick
