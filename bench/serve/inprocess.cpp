// The in-process baseline for bench/serve/run.sh: the same answers through RuleSet::evaluate_json
// on T threads for S seconds, as the service does per request, without HTTP. Prints evals/s.
// Usage: serve_inprocess RULES ANSWERS THREADS SECONDS
#include <atomic>
#include <chrono>
#include <cstdio>
#include <fstream>
#include <sstream>
#include <thread>
#include <vector>

#include "engine/signpost.hpp"

int main(int argc, char** argv) {
  if (argc != 5) {
    std::fprintf(stderr, "usage: serve_inprocess RULES ANSWERS THREADS SECONDS\n");
    return 2;
  }
  auto compiled = signpost::compile_file(argv[1]);
  if (!compiled.ok()) return 1;
  std::ifstream in(argv[2]);
  std::stringstream ss;
  ss << in.rdbuf();
  const std::string answers = ss.str();
  const unsigned threads = unsigned(std::stoul(argv[3]));
  const double seconds = std::stod(argv[4]);
  std::atomic<bool> stop{false};
  std::atomic<uint64_t> total{0};
  std::vector<std::thread> pool;
  auto start = std::chrono::steady_clock::now();
  for (unsigned t = 0; t < threads; ++t)
    pool.emplace_back([&] {
      std::string out;
      uint64_t n = 0;
      while (!stop.load(std::memory_order_relaxed)) {
        out.clear();
        if (!compiled.ruleset->evaluate_json(answers, out)) std::abort();
        ++n;
      }
      total += n;
    });
  std::this_thread::sleep_for(std::chrono::duration<double>(seconds));
  stop = true;
  for (auto& t : pool) t.join();
  double took = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  std::printf("%.0f\n", double(total.load()) / took);
  return 0;
}
