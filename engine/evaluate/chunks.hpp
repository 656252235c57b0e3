// The one chunk-and-thread loop every batch path shares: run_batch's row ranges, `signpost batch`
// (CSV and NDJSON), and RuleSet.evaluate_frame's columns.
#pragma once
#include <condition_variable>
#include <deque>
#include <memory>
#include <mutex>
#include <thread>
#include <vector>

namespace signpost {

// Runs a batch a chunk at a time. On the calling thread, `read(Chunk&)` fills the next chunk (false:
// there is none); on one of `threads` worker threads, `run(Worker&, Chunk&)` does its work, each
// worker thread with its own Worker from `make_worker()` (scratch buffers, decoders); back on the
// calling thread, `emit(Chunk&)` takes each finished chunk in the order it was read (false: stop).
//
// At most 2 * threads + 1 chunks are in flight, so memory stays bounded whatever the input, and
// chunks are reused, so their buffers keep their memory from one chunk to the next (`read` resets
// what it must). With one thread everything runs inline and no thread is started. What is emitted
// does not depend on `threads` as long as `run` depends only on its chunk.
template <class Chunk, class MakeWorker, class Read, class Run, class Emit>
void for_each_chunk(unsigned threads, MakeWorker make_worker, Read read, Run run, Emit emit) {
  if (threads <= 1) {
    auto worker = make_worker();
    Chunk c;
    while (read(c)) {
      run(worker, c);
      if (!emit(c)) return;
    }
    return;
  }
  struct Slot {
    size_t index = 0;
    Chunk chunk;
  };
  std::mutex mu;
  std::condition_variable work_cv, done_cv;
  std::deque<std::unique_ptr<Slot>> todo, done;  // done: by index - emitted
  size_t emitted = 0;
  bool closing = false;
  std::vector<std::thread> pool;
  for (unsigned w = 0; w < threads; ++w)
    pool.emplace_back([&] {
      auto worker = make_worker();
      while (true) {
        std::unique_ptr<Slot> s;
        {
          std::unique_lock<std::mutex> lock(mu);
          work_cv.wait(lock, [&] { return closing || !todo.empty(); });
          if (todo.empty()) return;
          s = std::move(todo.front());
          todo.pop_front();
        }
        run(worker, s->chunk);
        {
          std::lock_guard<std::mutex> lock(mu);
          const size_t at = s->index - emitted;
          if (done.size() <= at) done.resize(at + 1);
          done[at] = std::move(s);
        }
        done_cv.notify_all();
      }
    });
  std::vector<std::unique_ptr<Slot>> spare;
  const size_t max_in_flight = 2 * size_t(threads) + 1;
  size_t in_flight = 0, read_count = 0;
  bool more = true;
  while (true) {
    while (more && in_flight < max_in_flight) {
      std::unique_ptr<Slot> s;
      if (spare.empty()) s = std::make_unique<Slot>();
      else s = std::move(spare.back()), spare.pop_back();
      if (!read(s->chunk)) {
        more = false;
        break;
      }
      s->index = read_count++;
      {
        std::lock_guard<std::mutex> lock(mu);
        todo.push_back(std::move(s));
      }
      work_cv.notify_one();
      ++in_flight;
    }
    if (in_flight == 0) break;
    std::unique_ptr<Slot> s;
    {
      std::unique_lock<std::mutex> lock(mu);
      done_cv.wait(lock, [&] { return !done.empty() && done.front(); });
      s = std::move(done.front());
      done.pop_front();
      ++emitted;
    }
    --in_flight;
    if (!emit(s->chunk)) break;
    spare.push_back(std::move(s));
  }
  {
    std::lock_guard<std::mutex> lock(mu);
    closing = true;
    todo.clear();
  }
  work_cv.notify_all();
  for (auto& th : pool) th.join();
}

}  // namespace signpost
