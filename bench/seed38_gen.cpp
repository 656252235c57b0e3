// Writes seed-38 responses (bench/seed38.hpp) for `signpost batch` and the peer benchmarks.
//
//   seed38_gen --rows 1000000 --format csv    > responses.csv      header e1..s2 (and id), numbers
//   seed38_gen --rows 200000  --format ndjson > responses.ndjson   {"e1": 2, ..., "s2": 0} per line
//   seed38_gen --rows 1000000 --format check                       checksum of the hand-written scorer
//
// --names writes option names (never, often, yes, ...) instead of numbers; --id adds an id column;
// --blank F leaves a fraction F of the cells unanswered (seed38::blank; empty CSV cells, keys left
// out of NDJSON), the missing-answer workloads of bench/run.sh.
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <string>

#include "bench/seed38.hpp"

int main(int argc, char** argv) {
  size_t rows = 1000000;
  std::string format = "csv";
  bool names = false, id = false;
  double blank = 0;
  for (int k = 1; k < argc; ++k) {
    std::string a = argv[k];
    if (a == "--rows" && k + 1 < argc) rows = std::strtoull(argv[++k], nullptr, 10);
    else if (a == "--format" && k + 1 < argc) format = argv[++k];
    else if (a == "--names") names = true;
    else if (a == "--id") id = true;
    else if (a == "--blank" && k + 1 < argc) blank = std::strtod(argv[++k], nullptr);
    else {
      std::fprintf(stderr, "usage: seed38_gen [--rows N] [--format csv|ndjson|check] [--names] [--id] [--blank F]\n");
      return 2;
    }
  }
  static const char* freq[] = {"never", "sometimes", "often", "almost_always"};
  static const char* yesno[] = {"no", "yes"};
  auto word = [&](size_t i, uint8_t x) -> std::string {
    if (!names) return std::to_string(x);
    return i < 30 ? freq[x] : yesno[x];
  };
  seed38::Generator g;
  uint8_t r[seed38::kItems];
  std::string out;
  out.reserve(1 << 20);
  auto flush = [&](bool force) {
    if (force || out.size() > (1 << 20) - 4096) {
      std::fwrite(out.data(), 1, out.size(), stdout);
      out.clear();
    }
  };
  if (format == "check") {
    seed38::Tally t;
    seed38::Response x;
    for (size_t n = 0; n < rows; ++n) {
      g.next(reinterpret_cast<uint8_t*>(&x));
      seed38::Result s = seed38::score(x);
      t.add(s.mask, s.total, s.emo_sum, s.phy_sum, s.pat_sum);
    }
    std::printf("checksum %u\n", t.checksum);
    return 0;
  }
  if (format == "csv") {
    if (id) out += "id,";
    for (size_t i = 0; i < seed38::kItems; ++i) out += seed38::item_name(i) + (i + 1 < seed38::kItems ? "," : "\n");
  }
  for (size_t n = 0; n < rows; ++n) {
    g.next(r);
    if (format == "csv") {
      if (id) out += "r" + std::to_string(n + 1) + ",";
      for (size_t i = 0; i < seed38::kItems; ++i) {
        if (!seed38::blank(n, i, blank)) out += word(i, r[i]);
        out += i + 1 < seed38::kItems ? ',' : '\n';
      }
    } else {
      out += '{';
      if (id) out += "\"id\":\"r" + std::to_string(n + 1) + "\",";
      for (size_t i = 0; i < seed38::kItems; ++i) {
        if (seed38::blank(n, i, blank)) continue;
        out += '"' + seed38::item_name(i) + "\":";
        out += names ? '"' + word(i, r[i]) + '"' : word(i, r[i]);
        out += ',';
      }
      if (out.back() == ',') out.pop_back();
      out += "}\n";
    }
    flush(false);
  }
  flush(true);
  return 0;
}
