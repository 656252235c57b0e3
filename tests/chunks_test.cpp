// for_each_chunk: the one chunk-and-thread loop of the batch paths emits every chunk once, in the
// order read, whatever the thread count; stops when emit says so; keeps few chunks in flight.
#include <gtest/gtest.h>

#include <atomic>
#include <chrono>
#include <thread>

#include "engine/evaluate/chunks.hpp"

using namespace signpost;

namespace {
struct Piece {
  size_t index = 0, squared = 0;
};
}  // namespace

TEST(Chunks, EmittedInReadOrderForAnyThreadCount) {
  for (unsigned threads : {1u, 2u, 3u, 8u}) {
    size_t next = 0;
    std::vector<size_t> got;
    std::atomic<int> workers{0};
    for_each_chunk<Piece>(
        threads, [&] { return ++workers; },
        [&](Piece& c) {
          if (next == 200) return false;
          c.index = next++;
          return true;
        },
        [](int, Piece& c) {
          if (c.index % 7 == 0) std::this_thread::sleep_for(std::chrono::microseconds(200));  // finish out of order
          c.squared = c.index * c.index;
        },
        [&](Piece& c) {
          EXPECT_EQ(c.squared, c.index * c.index);
          got.push_back(c.index);
          return true;
        });
    ASSERT_EQ(got.size(), 200u) << threads;
    for (size_t k = 0; k < got.size(); ++k) EXPECT_EQ(got[k], k) << threads;
    EXPECT_EQ(workers.load(), int(threads));  // one worker state per thread
  }
}

TEST(Chunks, StopsWhenEmitSaysSoAndReadsBoundedAhead) {
  for (unsigned threads : {1u, 4u}) {
    size_t next = 0, emitted = 0;
    for_each_chunk<Piece>(
        threads, [] { return 0; },
        [&](Piece& c) {
          c.index = next++;
          EXPECT_LE(next, emitted + 2 * threads + 2) << "too many chunks in flight";
          return true;  // an endless input
        },
        [](int, Piece&) {}, [&](Piece&) { return ++emitted < 10; });
    EXPECT_EQ(emitted, 10u);
  }
}

// The caller's wait hook wraps every wait for the workers (Python lets go of the GIL there): with
// threads, each chunk not yet done when its turn came was waited for inside it, and the final
// join; inline, never.
TEST(Chunks, TheCallerWaitsForTheWorkersInsideItsWaitHook) {
  for (unsigned threads : {1u, 2u, 4u}) {
    size_t next = 0, emitted = 0, waits = 0;
    bool inside = false, emitted_inside = false;
    for_each_chunk<Piece>(
        threads, [] { return 0; },
        [&](Piece& c) {
          if (next == 50) return false;
          c.index = next++;
          return true;
        },
        [](int, Piece& c) {
          if (c.index == 0) std::this_thread::sleep_for(std::chrono::milliseconds(20));  // the caller must wait
          c.squared = c.index * c.index;
        },
        [&](Piece& c) {
          emitted_inside |= inside;
          EXPECT_EQ(c.squared, c.index * c.index);
          return ++emitted, true;
        },
        [&](auto&& block) {
          EXPECT_FALSE(inside) << "waits do not nest";
          inside = true, ++waits;
          block();
          inside = false;
        });
    EXPECT_EQ(emitted, 50u);
    EXPECT_FALSE(emitted_inside) << "emit runs outside the hook, where the caller holds its lock";
    // At most one per chunk (none for a chunk already done), and the join.
    if (threads == 1) EXPECT_EQ(waits, 0u);
    else EXPECT_TRUE(waits >= 2 && waits <= 51) << threads << " threads: " << waits;
  }
}
