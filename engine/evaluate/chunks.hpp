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

namespace chunks {

// Blocks the calling thread as it is: the default for for_each_chunk's `wait`.
struct JustWait {
  template <class F>
  void operator()(F&& block) const { block(); }
};

// The state the threads of a multi-threaded for_each_chunk share: chunks to run, and chunks run,
// by the order they were read in.
template <class Chunk>
class Queue {
 public:
  struct Slot {
    size_t index = 0;
    Chunk chunk;
  };
  void push(std::unique_ptr<Slot> s) {
    {
      std::lock_guard<std::mutex> lock(mu_);
      todo_.push_back(std::move(s));
    }
    work_cv_.notify_one();
  }
  // A worker's next chunk; nullptr once closed.
  std::unique_ptr<Slot> work() {
    std::unique_lock<std::mutex> lock(mu_);
    work_cv_.wait(lock, [&] { return closing_ || !todo_.empty(); });
    if (todo_.empty()) return nullptr;
    std::unique_ptr<Slot> s = std::move(todo_.front());
    todo_.pop_front();
    return s;
  }
  void finish(std::unique_ptr<Slot> s) {
    {
      std::lock_guard<std::mutex> lock(mu_);
      const size_t at = s->index - emitted_;
      if (done_.size() <= at) done_.resize(at + 1);
      done_[at] = std::move(s);
    }
    done_cv_.notify_all();
  }
  // The next chunk in reading order, once it has run (blocks until then); or, with `block`
  // false, nullptr if it has not.
  std::unique_ptr<Slot> next(bool block) {
    std::unique_lock<std::mutex> lock(mu_);
    auto ready = [&] { return !done_.empty() && done_.front(); };
    if (!block && !ready()) return nullptr;
    done_cv_.wait(lock, ready);
    std::unique_ptr<Slot> s = std::move(done_.front());
    done_.pop_front();
    ++emitted_;
    return s;
  }
  void close() {
    {
      std::lock_guard<std::mutex> lock(mu_);
      closing_ = true;
      todo_.clear();
    }
    work_cv_.notify_all();
  }

 private:
  std::mutex mu_;
  std::condition_variable work_cv_, done_cv_;
  std::deque<std::unique_ptr<Slot>> todo_, done_;  // done_: by index - emitted_
  size_t emitted_ = 0;
  bool closing_ = false;
};

}  // namespace chunks

// Runs a batch a chunk at a time. On the calling thread, `read(Chunk&)` fills the next chunk (false:
// there is none); on one of `threads` worker threads, `run(Worker&, Chunk&)` does its work, each
// worker thread with its own Worker from `make_worker()` (scratch buffers, decoders); back on the
// calling thread, `emit(Chunk&)` takes each finished chunk in the order it was read (false: stop).
//
// At most 2 * threads + 1 chunks are in flight, so memory stays bounded whatever the input, and
// chunks are reused, so their buffers keep their memory from one chunk to the next (`read` resets
// what it must). With one thread everything runs inline and no thread is started. What is emitted
// does not depend on `threads` as long as `run` depends only on its chunk.
//
// Whenever the calling thread has to wait for the workers, it does so inside `wait(block)`, which
// must call `block()`: a caller that holds a lock the workers do not need (Python's GIL) lets go of it
// there, so that other threads can run while this one waits.
template <class Chunk, class MakeWorker, class Read, class Run, class Emit, class Wait = chunks::JustWait>
void for_each_chunk(unsigned threads, MakeWorker make_worker, Read read, Run run, Emit emit, Wait wait = {}) {
  if (threads <= 1) {
    auto worker = make_worker();
    Chunk c;
    while (read(c)) {
      run(worker, c);
      if (!emit(c)) return;
    }
    return;
  }
  using Slot = typename chunks::Queue<Chunk>::Slot;
  chunks::Queue<Chunk> queue;
  std::vector<std::thread> pool;
  for (unsigned w = 0; w < threads; ++w)
    pool.emplace_back([&] {
      auto worker = make_worker();
      while (std::unique_ptr<Slot> s = queue.work()) {
        run(worker, s->chunk);
        queue.finish(std::move(s));
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
      queue.push(std::move(s));
      ++in_flight;
    }
    if (in_flight == 0) break;
    std::unique_ptr<Slot> s = queue.next(false);
    if (!s) wait([&] { s = queue.next(true); });
    --in_flight;
    if (!emit(s->chunk)) break;
    spare.push_back(std::move(s));
  }
  queue.close();
  wait([&] {
    for (auto& th : pool) th.join();
  });
}

}  // namespace signpost
