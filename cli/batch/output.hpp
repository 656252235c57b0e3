// `signpost batch`, output: results that appear at their destination only when the run succeeds,
// and a progress bar on a terminal.
#pragma once
#include <chrono>
#include <cstdint>
#include <cstdio>
#include <string>
#include <string_view>

namespace signpost::cli::batch {

class Output {
 public:
  // `path` "" or "-": standard output. `direct`: write to standard output as results come.
  bool open(const std::string& path, bool direct, std::string& error);
  bool write(std::string_view s) { return s.empty() || std::fwrite(s.data(), 1, s.size(), f_) == s.size(); }
  // Moves the results into place.
  bool commit(std::string& error);
  void abort();
  ~Output() { abort(); }

 private:
  FILE* f_ = nullptr;
  bool owned_ = false;  // a device opened by path
  std::string path_, temp_;
};

class Progress {
 public:
  explicit Progress(bool on) : on_(on), start_(std::chrono::steady_clock::now()) {}
  void update(uint64_t done, uint64_t total, size_t rows, bool force = false);
  void clear();

 private:
  bool on_, shown_ = false;
  std::chrono::steady_clock::time_point start_, last_;
};

}  // namespace signpost::cli::batch
