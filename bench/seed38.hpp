// The seed-38 workload (../shared/bench/seed38.md): its deterministic generator, its checksum,
// and the two hand-written C++ implementations every signpost figure is divided by.
//
// Header-only so that the benchmark, the data generator and the checksum test share one copy.
#pragma once
#include <algorithm>
#include <array>
#include <cmath>
#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

namespace seed38 {

constexpr size_t kItems = 38;  // e1..e10, p1..p10, r1..r10, h1..h6, s1, s2 (this order)
constexpr size_t kGuidance = 10;

inline std::string item_name(size_t i) {
  static const char* prefix[] = {"e", "p", "r", "h", "s"};
  static const size_t first[] = {0, 10, 20, 30, 36, 38};
  for (size_t g = 0; g < 5; ++g)
    if (i < first[g + 1]) return prefix[g] + std::to_string(i - first[g] + 1);
  return "";
}

// splitmix64 with the spec's draw order. One response at a time, so any number of responses can be
// streamed without holding them.
class Generator {
 public:
  explicit Generator(uint64_t seed = 42) : state_(seed) {}
  void next(uint8_t out[kItems]) {
    double u = uniform();
    for (size_t i = 0; i < 30; ++i) {
      double x = 1.25 * uniform();
      out[i] = uint8_t(std::min(3.0, std::floor((4.0 * u) * x)));
    }
    for (size_t i = 30; i < 36; ++i) out[i] = uniform() < 0.6 * u ? 1 : 0;
    for (size_t i = 36; i < 38; ++i) out[i] = uniform() < 0.15 * u ? 1 : 0;
  }

 private:
  uint64_t state_;
  uint64_t bits() {
    state_ += 0x9E3779B97F4A7C15ull;
    uint64_t z = state_;
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
    return z ^ (z >> 31);
  }
  double uniform() { return double(bits() >> 11) * 0x1p-53; }
};

// Blank cells for the missing-answer workloads: cell (row, item) is left unanswered when the
// counter-based splitmix64 draw number row * 38 + item + 1 from seed 7 is below `fraction`. Not part
// of seed38.md (whose responses are complete); bench/python/seed38.py draws the same cells.
inline bool blank(size_t row, size_t item, double fraction) {
  if (fraction <= 0) return false;
  uint64_t z = 7 + (uint64_t(row) * kItems + item + 1) * 0x9E3779B97F4A7C15ull;
  z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
  z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
  z ^= z >> 31;
  return double(z >> 11) * 0x1p-53 < fraction;
}

// n responses as 38 columns of answer codes (0..3 or 0/1): the columnar layout.
inline std::vector<std::vector<uint8_t>> generate_columns(size_t n, uint64_t seed = 42) {
  std::vector<std::vector<uint8_t>> cols(kItems, std::vector<uint8_t>(n));
  Generator g(seed);
  uint8_t row[kItems];
  for (size_t r = 0; r < n; ++r) {
    g.next(row);
    for (size_t i = 0; i < kItems; ++i) cols[i][r] = row[i];
  }
  return cols;
}

// The figures a run is checked against: the checksum, the bit histogram and the three sums.
struct Tally {
  uint32_t checksum = 0;
  std::array<uint64_t, kGuidance> bits{};
  std::array<uint64_t, 3> sums{};  // emo, phy, pat
  void add(unsigned mask, unsigned total, unsigned emo, unsigned phy, unsigned pat) {
    checksum += uint32_t(mask) * 131u + uint32_t(total);
    for (size_t b = 0; b < kGuidance; ++b) bits[b] += (mask >> b) & 1u;
    sums[0] += emo, sums[1] += phy, sums[2] += pat;
  }
  bool operator==(const Tally& o) const { return checksum == o.checksum && bits == o.bits && sums == o.sums; }
};

// The reference figures of seed38.md for 1,000,000 responses, seed 42.
inline Tally reference_tally() {
  Tally t;
  t.checksum = 2313249980u;
  t.bits = {142432, 544612, 762402, 430299, 430515, 430188, 446823, 107795, 171111, 66487};
  t.sums = {8048605, 8047864, 8051071};
  return t;
}

// ---- yardstick 1: plain per-response C++ ---------------------------------------------------------
// What a programmer writes for one response: loops over the answers, ifs for the rules.
struct Response {
  uint8_t e[10], p[10], r[10], h[6], s[2];
};
static_assert(sizeof(Response) == kItems, "one byte per answer");

struct Result {
  uint16_t mask, total, emo_sum, phy_sum, pat_sum;
};

inline Result score(const Response& x) {
  int emo_sum = 0, emo_count = 0, phy_sum = 0, phy_count = 0, pat_sum = 0, pat_count = 0, help_count = 0;
  for (int i = 0; i < 10; ++i) {
    emo_sum += x.e[i], emo_count += x.e[i] >= 2;
    phy_sum += x.p[i], phy_count += x.p[i] >= 2;
    pat_sum += x.r[i], pat_count += x.r[i] >= 2;
  }
  for (int i = 0; i < 6; ++i) help_count += x.h[i];
  int total = emo_sum + phy_sum + pat_sum;
  bool safety_any = x.s[0] == 1 || x.s[1] == 1;
  int domains = (emo_count >= 3) + (phy_count >= 3) + (pat_count >= 3);
  bool few_signs = total < 10 && help_count == 0 && !safety_any;
  bool seek_help = help_count >= 1;
  unsigned mask = 0;
  if (safety_any) mask |= 1u << 0;
  if (help_count >= 2 || (help_count >= 1 && total >= 45)) mask |= 1u << 1;
  if (seek_help) mask |= 1u << 2;
  if (emo_count >= 3 || emo_sum >= 15) mask |= 1u << 3;
  if (phy_count >= 3 || phy_sum >= 15) mask |= 1u << 4;
  if (pat_count >= 3 || pat_sum >= 15) mask |= 1u << 5;
  if (domains >= 2) mask |= 1u << 6;
  if (x.p[4] >= 2 && x.h[2] == 1) mask |= 1u << 7;
  if (few_signs) mask |= 1u << 8;
  if (!few_signs && !seek_help) mask |= 1u << 9;
  return {uint16_t(mask), uint16_t(total), uint16_t(emo_sum), uint16_t(phy_sum), uint16_t(pat_sum)};
}

// ---- yardstick 2: columnar C++ -----------------------------------------------------------------
// One column per answer, blocks of rows kept in cache, byte-wide arithmetic that the compiler
// vectorises: the fastest straightforward C++ for this job.
struct ColumnarOut {
  std::vector<uint16_t> mask;
  std::vector<uint8_t> total, emo_sum, phy_sum, pat_sum;
  void resize(size_t n) {
    mask.resize(n), total.resize(n), emo_sum.resize(n), phy_sum.resize(n), pat_sum.resize(n);
  }
};

namespace detail {
// s += x and k += (x >= 2), byte-wide: the compiler turns each into vector code.
inline void sum_count(uint8_t* __restrict s, uint8_t* __restrict k, const uint8_t* __restrict x, size_t n) {
  for (size_t r = 0; r < n; ++r) s[r] = uint8_t(s[r] + x[r]), k[r] = uint8_t(k[r] + (x[r] >= 2));
}
inline void add(uint8_t* __restrict s, const uint8_t* __restrict x, size_t n) {
  for (size_t r = 0; r < n; ++r) s[r] = uint8_t(s[r] + x[r]);
}
inline void rules(const uint8_t* __restrict emo_s, const uint8_t* __restrict emo_k, const uint8_t* __restrict phy_s,
                  const uint8_t* __restrict phy_k, const uint8_t* __restrict pat_s, const uint8_t* __restrict pat_k,
                  const uint8_t* __restrict help, const uint8_t* __restrict p5, const uint8_t* __restrict h3,
                  const uint8_t* __restrict s1, const uint8_t* __restrict s2, uint16_t* __restrict mask,
                  uint8_t* __restrict total, size_t n) {
  // 16-bit lanes throughout: wide enough for the mask and the total, narrow enough to vectorise well.
  for (size_t r = 0; r < n; ++r) {
    uint16_t t = uint16_t(emo_s[r] + phy_s[r] + pat_s[r]);
    uint16_t hc = help[r];
    uint16_t safety = uint16_t((s1[r] == 1) | (s2[r] == 1));
    uint16_t e = emo_k[r] >= 3, p = phy_k[r] >= 3, q = pat_k[r] >= 3;
    uint16_t few = uint16_t((t < 10) & (hc == 0) & (safety ^ 1));
    uint16_t seek = hc >= 1;
    mask[r] = uint16_t(safety | ((hc >= 2) | (seek & (t >= 45))) << 1 | seek << 2 | (e | (emo_s[r] >= 15)) << 3 |
                       (p | (phy_s[r] >= 15)) << 4 | (q | (pat_s[r] >= 15)) << 5 | (e + p + q >= 2) << 6 |
                       ((p5[r] >= 2) & (h3[r] == 1)) << 7 | few << 8 | ((few ^ 1) & (seek ^ 1)) << 9);
    total[r] = uint8_t(t);
  }
}
}  // namespace detail

// Rows [begin, end) of the columns `c` (38 pointers). Sums and counts go straight to their output
// columns; counts and the help total live in a cache-sized block.
inline void score_columns(const uint8_t* const* c, size_t begin, size_t end, ColumnarOut& out) {
  constexpr size_t B = 16384;
  alignas(64) static thread_local uint8_t cnt[3][B], help[B];
  uint8_t* sums[3] = {out.emo_sum.data(), out.phy_sum.data(), out.pat_sum.data()};
  for (size_t b0 = begin; b0 < end; b0 += B) {
    const size_t n = std::min(B, end - b0);
    for (int g = 0; g < 3; ++g) {
      uint8_t* s = sums[g] + b0;
      std::fill(s, s + n, 0);
      std::fill(cnt[g], cnt[g] + n, 0);
      for (int i = 0; i < 10; ++i) detail::sum_count(s, cnt[g], c[g * 10 + i] + b0, n);
    }
    std::fill(help, help + n, 0);
    for (int i = 30; i < 36; ++i) detail::add(help, c[i] + b0, n);
    detail::rules(sums[0] + b0, cnt[0], sums[1] + b0, cnt[1], sums[2] + b0, cnt[2], help, c[14] + b0, c[32] + b0,
                  c[36] + b0, c[37] + b0, out.mask.data() + b0, out.total.data() + b0, n);
  }
}

}  // namespace seed38
