// Columns in, columns out: the C++ half of RuleSet.evaluate_frame.
//
// Each item column arrives in one of three forms: numbers (any NumPy numeric dtype, any stride),
// codes into a table of already-encoded values (a factorised or categorical column: each distinct
// value was decoded once), or encoded values. Rows are processed a chunk at a time: every column
// of the chunk is decoded into a small per-thread buffer in the encoding of
// engine/evaluate/batch.hpp (NaN = unanswered), checked, run through RuleSet::run_batch, and the
// results are written straight into the output arrays in the form the DataFrame will hold. No
// Python object is created per row, no full-size intermediate column is allocated, and the GIL
// is released throughout.
#include <algorithm>
#include <atomic>
#include <cmath>
#include <cstring>
#include <limits>
#include <memory>
#include <type_traits>

#if defined(__SSE2__)
#include <emmintrin.h>
#endif

#include <pybind11/stl.h>

#include "bindings.hpp"
#include "engine/check/codec.hpp"
#include "engine/evaluate/chunks.hpp"
#include "engine/source/text.hpp"

namespace signpost::python {
using nlohmann::json;
using Problems = std::vector<std::pair<size_t, AnswerError>>;

namespace {

constexpr size_t kChunk = 8192;  // rows decoded and run at a time, per thread: one block of 8-bit lanes
constexpr size_t kTile = 64;     // rows read at a time across all columns (a tile of 38 int64 columns fits in L1)

const model::Item& item_at(const RuleSet& rs, int item) {
  if (item < 0 || size_t(item) >= rs.model().items.size()) throw py::index_error("no item with that index");
  return rs.model().items[size_t(item)];
}

py::list problem_list(const RuleSet& rs, const Problems& problems) {
  py::list out;
  for (const auto& [row, e] : problems) out.append(problem_tuple(row, item_of(rs, e), e));
  return out;
}

// A NumPy array that owns a moved-in vector: results leave C++ without a copy.
py::array owning_array(std::vector<double>&& data) {
  auto* held = new std::vector<double>(std::move(data));
  py::capsule owner(held, [](void* p) { delete static_cast<std::vector<double>*>(p); });
  return py::array_t<double>({static_cast<py::ssize_t>(held->size())}, held->data(), owner);
}

// ---- reading any numeric NumPy array ------------------------------------------------------

enum class Dtype : uint8_t { b, f8, f4, i1, i2, i4, i8, u1, u2, u4, u8 };

Dtype dtype_of(const py::array& a) {
  const char kind = a.dtype().kind();
  const auto size = a.itemsize();
  if (kind == 'b') return Dtype::b;
  if (kind == 'f' && size == 8) return Dtype::f8;
  if (kind == 'f' && size == 4) return Dtype::f4;
  if (kind == 'i') return size == 1 ? Dtype::i1 : size == 2 ? Dtype::i2 : size == 4 ? Dtype::i4 : Dtype::i8;
  if (kind == 'u') return size == 1 ? Dtype::u1 : size == 2 ? Dtype::u2 : size == 4 ? Dtype::u4 : Dtype::u8;
  throw py::type_error("expected a numeric array, found dtype " + std::string(py::str(a.dtype())));
}

// A strided 1-d view of raw numbers, readable without the GIL.
struct Raw {
  Dtype type = Dtype::f8;
  const char* data = nullptr;
  py::ssize_t stride = 0;
};

// Cell r of a column of T, contiguous or strided (a column of a 2-D block).
template <class T, bool Contiguous>
struct Cells {
  const char* data;
  py::ssize_t stride;
  T operator[](size_t r) const {
    T v;
    std::memcpy(&v, data + py::ssize_t(r) * (Contiguous ? py::ssize_t(sizeof(T)) : stride), sizeof(T));
    return v;
  }
};

// Calls f(Cells<T, contiguous>) for the column's cell type.
template <class F>
auto visit(const Raw& raw, F&& f) {
  auto go = [&](auto tag) {
    using T = decltype(tag);
    if (raw.stride == py::ssize_t(sizeof(T))) return f(Cells<T, true>{raw.data, raw.stride});
    return f(Cells<T, false>{raw.data, raw.stride});
  };
  switch (raw.type) {
    case Dtype::b: return go(bool{});
    case Dtype::f8: return go(double{});
    case Dtype::f4: return go(float{});
    case Dtype::i1: return go(int8_t{});
    case Dtype::i2: return go(int16_t{});
    case Dtype::i4: return go(int32_t{});
    case Dtype::i8: return go(int64_t{});
    case Dtype::u1: return go(uint8_t{});
    case Dtype::u2: return go(uint16_t{});
    case Dtype::u4: return go(uint32_t{});
    case Dtype::u8: return go(uint64_t{});
  }
  return go(double{});
}

// Is v a whole number? (std::floor is a library call on baseline x86-64; a round trip through
// int64 is not, and is exact below 2^53.)
inline bool whole(double v) { return std::fabs(v) < 9.0e15 ? double(int64_t(v)) == v : std::floor(v) == v; }

template <class T>
bool non_negative(T v) {
  if constexpr (std::is_signed_v<T>) return v >= 0;
  return true;
}

Raw raw_of(const py::array& a, size_t rows, const std::string& what) {
  if (a.ndim() != 1 || size_t(a.shape(0)) != rows)
    throw py::value_error(what + " must be a 1-d array of " + std::to_string(rows) + " values");
  return {dtype_of(a), static_cast<const char*>(a.data()), a.strides(0)};
}

// ---- one input column ---------------------------------------------------------------------

struct Input {
  enum class Form : uint8_t { absent, numbers, codes, encoded } form = Form::absent;
  Raw values;                // numbers or encoded: the cells; codes: the codes (-1: missing)
  const bool* mask = nullptr;  // numbers of a nullable (masked) array: true where missing
  const double* table = nullptr;  // codes: the encoded value of each code
  size_t table_size = 0;
  std::vector<int8_t> table8;  // codes: the table as bytes, when every entry is one (see byte_range)
  bool bytes = false;          // valid answers fit in a byte: decoded into int8 cells
  const model::Item* item = nullptr;
  const model::Scale* scale = nullptr;
  std::vector<int> lut;  // numbers: option number -> option index (see option_lookup)
  bool lut_identity = false;  // lut[k] == k for every k: the number is the index
};

// Option numbers -> option indexes, when every option's number is whole and in [0, 256) (the
// usual case); empty otherwise, and on unscored scales.
std::vector<int> option_lookup(const model::Scale& sc) {
  std::vector<int> lut;
  if (!sc.scored) return lut;
  for (const auto& o : sc.options)
    if (!(o.value >= 0 && o.value < 256 && o.value == std::floor(o.value))) return {};
  for (size_t j = 0; j < sc.options.size(); ++j) {  // the last option with a number wins, as codec::option_by_number
    size_t v = size_t(sc.options[j].value);
    if (lut.size() <= v) lut.resize(v + 1, -1);
    lut[v] = int(j);
  }
  return lut;
}

// A single-choice answer given as a number that is not a whole option number in [0, 256): the
// option with that number, or a problem worded by the answer codec, as for the same number in
// JSON. Returns the option index, or NaN.
double option_of(const Input& in, size_t row, double v, Problems& problems) {
  Given g;
  g.kind = Given::Kind::number;
  g.number = v;
  std::vector<codec::Refusal> refusals;
  double k = codec::decode(*in.scale, g, refusals);
  for (const codec::Refusal& r : refusals) problems.push_back({row, codec::error(in.item->id, *in.scale, r)});
  return k;
}

// Rows [begin, end) of a column of numbers into x[0 ..): on a single-choice scale each number
// becomes its option's index (as the JSON decoder reads it; problems are appended), other scales
// keep the numbers. Returns false when some cell is invalid for its scale: the engine's
// validate_columns then finds and words the problems. One pass, no Python, no GIL.
template <class C>
bool decode_numbers(const Input& in, const C& cells, size_t begin, size_t end, double* x, Problems& problems) {
  using T = std::decay_t<decltype(cells[0])>;
  using K = model::Scale::Kind;
  const model::Scale& sc = *in.scale;
  const size_t n = end - begin;
  const bool* mask = in.mask ? in.mask + begin : nullptr;  // a masked cell's number is meaningless
  if (sc.kind == K::options) {
    const int* lut = in.lut.data();
    const size_t lut_n = in.lut.size();
    for (size_t r = 0; r < n; ++r) {
      const T v = cells[begin + r];
      if (mask && mask[r]) {
        x[r] = std::nan("");
        continue;
      }
      if constexpr (std::is_floating_point_v<T>) {
        if (std::isnan(v)) {
          x[r] = std::nan("");
          continue;
        }
        if (v >= 0 && v < T(lut_n) && whole(double(v)) && lut[size_t(v)] >= 0) {
          x[r] = lut[size_t(v)];
          continue;
        }
      } else {
        if (non_negative(v) && uint64_t(v) < lut_n && lut[size_t(v)] >= 0) {
          x[r] = lut[size_t(v)];
          continue;
        }
      }
      x[r] = option_of(in, begin + r, double(v), problems);
    }
    return true;
  }
  const double lo = sc.lo, hi = sc.hi, masks = std::ldexp(1.0, int(sc.options.size()));
  bool ok = true;
  for (size_t r = 0; r < n; ++r) x[r] = static_cast<double>(cells[begin + r]);
  if (mask)
    for (size_t r = 0; r < n; ++r) x[r] = mask[r] ? std::nan("") : x[r];
  // codec::encoded_ok, unrolled per kind so that each loop vectorises; a cell it refuses is worded
  // by validate_columns, with the codec's words. NaN compares false: unanswered cells pass through isnan.
  switch (sc.kind) {
    case K::boolean:
      for (size_t r = 0; r < n; ++r) ok &= std::isnan(x[r]) | (x[r] == 0) | (x[r] == 1);
      break;
    case K::multiple:
      for (size_t r = 0; r < n; ++r) ok &= std::isnan(x[r]) | ((x[r] >= 0) & (x[r] < masks) & whole(x[r]));
      break;
    case K::integer:
      for (size_t r = 0; r < n; ++r) ok &= std::isnan(x[r]) | ((x[r] >= lo) & (x[r] <= hi) & whole(x[r]));
      break;
    case K::decimal:
      for (size_t r = 0; r < n; ++r) ok &= std::isnan(x[r]) | ((x[r] >= lo) & (x[r] <= hi));
      break;
    case K::options: break;
  }
  return ok;
}

// Whether every valid encoded answer of a scale is a whole number in [-127, 127]: then cells are
// decoded into bytes (INT8_MIN: unanswered), which the block kernels read in place.
bool byte_range(const model::Scale& sc, double& lo, double& hi) {
  using K = model::Scale::Kind;
  switch (sc.kind) {
    case K::boolean: lo = 0, hi = 1; return true;
    case K::options: lo = 0, hi = double(sc.options.size()) - 1; return sc.options.size() <= 127;
    case K::multiple: lo = 0, hi = std::ldexp(1.0, int(sc.options.size())) - 1; return sc.options.size() <= 6;
    case K::integer: lo = sc.lo, hi = sc.hi; return sc.lo >= -127 && sc.hi <= 127;
    case K::decimal: return false;
  }
  return false;
}

// Rows [begin, end) of a column of numbers into bytes, when every cell is valid (the common case);
// false at the first cell that is not (the caller then decodes the rows as doubles, which words
// the problem). Single-choice numbers become option indexes, as in decode_numbers.
template <class C>
bool decode_bytes(const Input& in, const C& cells, size_t begin, size_t end, int8_t* x) {
  using T = std::decay_t<decltype(cells[0])>;
  const size_t n = end - begin;
  const bool* mask = in.mask ? in.mask + begin : nullptr;
  constexpr int8_t kBlank = std::numeric_limits<int8_t>::min();
  if (in.scale->kind == model::Scale::Kind::options) {
    const int* lut = in.lut.data();
    const size_t lut_n = in.lut.size();
    if (lut_n == 0) return false;
    if constexpr (std::is_integral_v<T>) {
      if (in.lut_identity && !mask) {  // options numbered 0, 1, 2, ...: a range check, no look-up, no branch
        uint8_t bad = 0;
        for (size_t r = 0; r < n; ++r) {
          const T v = cells[begin + r];
          bad |= uint8_t(!non_negative(v) || uint64_t(v) >= lut_n);
          x[r] = int8_t(v);
        }
        return !bad;
      }
    }
    for (size_t r = 0; r < n; ++r) {
      const T v = cells[begin + r];
      if (mask && mask[r]) {
        x[r] = kBlank;
        continue;
      }
      if constexpr (std::is_floating_point_v<T>) {
        if (v != v) {
          x[r] = kBlank;
          continue;
        }
        if (!(v >= 0 && v < T(lut_n) && whole(double(v)))) return false;
      } else {
        if (!non_negative(v) || uint64_t(v) >= lut_n) return false;
      }
      int k = lut[size_t(v)];
      if (k < 0) return false;
      x[r] = int8_t(k);
    }
    return true;
  }
  double lo = 0, hi = 0;
  byte_range(*in.scale, lo, hi);
  uint8_t bad = 0;  // no early exit: the loop vectorises
  for (size_t r = 0; r < n; ++r) {
    const T v = cells[begin + r];
    bool blank = mask && mask[r];
    if constexpr (std::is_floating_point_v<T>) blank |= v != v;
    const double d = blank ? 0.0 : double(v);
    const bool in_range = (d >= lo) & (d <= hi);
    const double c = in_range ? d : 0.0;  // converted only when in range: no undefined conversion
    const int8_t b = int8_t(int(c));
    bad |= uint8_t(!blank & !(in_range & (double(b) == d)));
    x[r] = blank ? kBlank : b;
  }
  return !bad;
}

// Rows [begin, end) of a coded column (codes into a table of encoded values; -1: missing).
template <class C>
void decode_codes(const Input& in, const C& codes, size_t begin, size_t end, double* x) {
  using T = std::decay_t<decltype(codes[0])>;
  const double* table = in.table;
  const size_t size = in.table_size;
  for (size_t r = 0; r < end - begin; ++r) {
    const T k = codes[begin + r];
    x[r] = non_negative(k) && uint64_t(k) < size ? table[size_t(k)] : std::nan("");
  }
}

// The same into bytes, through the table's byte form.
template <class C>
void decode_codes8(const Input& in, const C& codes, size_t begin, size_t end, int8_t* x) {
  using T = std::decay_t<decltype(codes[0])>;
  const int8_t* table = in.table8.data();
  const size_t size = in.table8.size();
  for (size_t r = 0; r < end - begin; ++r) {
    const T k = codes[begin + r];
    x[r] = non_negative(k) && uint64_t(k) < size ? table[size_t(k)] : std::numeric_limits<int8_t>::min();
  }
}

// ---- outputs: what the DataFrame will hold ------------------------------------------------

struct ValueOut {
  enum class Form : uint8_t { none, number, boolean, codes } form = Form::none;
  double* value = nullptr;  // number: decided value, NaN otherwise
  double *lo = nullptr, *hi = nullptr;  // number with bounds
  bool *flag = nullptr, *na = nullptr;  // boolean: value and missing mask
  int32_t *codes = nullptr, *lo_codes = nullptr, *hi_codes = nullptr;  // option/band: index, -1 undecided
};

struct GuidanceOut {
  bool *fired = nullptr, *undetermined = nullptr;
};

int32_t code_of(double x) { return std::isnan(x) ? -1 : int32_t(x); }

// Output columns are written with streaming stores: they are not read again soon (pandas only
// wraps them), and a streaming store does not first read the cache line it overwrites, which
// saves a third of the memory traffic of the writes. Each piece of a column is computed into a
// small buffer that stays in L1 by `fill(stage, begin, count)`, then streamed out.
constexpr size_t kStage = 1024;  // rows per piece

template <class T, class Fill>
void streamed(T* dst, size_t n, Fill fill) {
  alignas(64) T stage[kStage];
  for (size_t b = 0; b < n; b += kStage) {
    const size_t k = std::min(kStage, n - b);
    fill(stage, b, k);
    char* d = reinterpret_cast<char*>(dst + b);
    const char* s = reinterpret_cast<const char*>(stage);
    size_t bytes = k * sizeof(T);
#if defined(__SSE2__)
    if (reinterpret_cast<uintptr_t>(d) % 16 == 0) {  // always, but for a foreign array's odd offset
      for (; bytes >= 16; bytes -= 16, d += 16, s += 16)
        _mm_stream_si128(reinterpret_cast<__m128i*>(d), _mm_load_si128(reinterpret_cast<const __m128i*>(s)));
    }
#endif
    std::memcpy(d, s, bytes);
  }
}

// `res` holds intervals (value_lo and value_hi) when bounds are asked for, else decided values
// only (value_lo, NaN when undecided), which halves what the evaluator writes.
void write_results(const BatchResult& res, size_t first_row, std::vector<ValueOut>& values,
                   std::vector<GuidanceOut>& guidance) {
  const size_t m = res.rows, at = first_row;
  const bool decided = res.value_hi.empty();
  for (size_t v = 0; v < values.size(); ++v) {
    ValueOut& o = values[v];
    const double* lo = res.value_lo.data() + v * m;
    const double* hi = decided ? lo : res.value_hi.data() + v * m;  // lo == hi, or NaN: undecided
    auto copy = [](const double* from) { return [from](double* x, size_t b, size_t k) { std::copy(from + b, from + b + k, x); }; };
    switch (o.form) {
      case ValueOut::Form::none: break;
      case ValueOut::Form::number:
        streamed(o.value + at, m, [&](double* x, size_t b, size_t k) {
          for (size_t r = 0; r < k; ++r) x[r] = lo[b + r] == hi[b + r] ? lo[b + r] : std::nan("");
        });
        if (o.lo) streamed(o.lo + at, m, copy(lo));
        if (o.hi) streamed(o.hi + at, m, copy(hi));
        break;
      case ValueOut::Form::boolean:
        streamed(o.flag + at, m, [&](bool* x, size_t b, size_t k) {
          for (size_t r = 0; r < k; ++r) x[r] = lo[b + r] == 1;
        });
        streamed(o.na + at, m, [&](bool* x, size_t b, size_t k) {
          for (size_t r = 0; r < k; ++r) x[r] = !(lo[b + r] == hi[b + r]);  // undecided, or not applicable (NaN)
        });
        break;
      case ValueOut::Form::codes:
        streamed(o.codes + at, m, [&](int32_t* x, size_t b, size_t k) {
          for (size_t r = 0; r < k; ++r) x[r] = lo[b + r] == hi[b + r] ? int32_t(lo[b + r]) : -1;
        });
        if (o.lo_codes)
          streamed(o.lo_codes + at, m, [&](int32_t* x, size_t b, size_t k) {
            for (size_t r = 0; r < k; ++r) x[r] = code_of(lo[b + r]);
          });
        if (o.hi_codes)
          streamed(o.hi_codes + at, m, [&](int32_t* x, size_t b, size_t k) {
            for (size_t r = 0; r < k; ++r) x[r] = code_of(hi[b + r]);
          });
        break;
    }
  }
  for (size_t g = 0; g < guidance.size(); ++g) {
    const Outcome* x = res.guidance.data() + g * m;
    streamed(guidance[g].fired + at, m, [&](bool* y, size_t b, size_t k) {
      for (size_t r = 0; r < k; ++r) y[r] = x[b + r] == Outcome::fired;
    });
    streamed(guidance[g].undetermined + at, m, [&](bool* y, size_t b, size_t k) {
      for (size_t r = 0; r < k; ++r) y[r] = x[b + r] == Outcome::undetermined;
    });
  }
#if defined(__SSE2__)
  _mm_sfence();  // the streamed stores are ordered before the caller reads the columns
#endif
}

// Every output column in one NumPy allocation: one large allocation is backed by huge pages
// (NumPy advises the kernel so for large arrays), where some 20 separate arrays of a
// million bools each would be faulted in 4 KB at a time, on every call (page faults were a fifth
// of evaluate_frame's time on this machine). Each column is a view that keeps the whole block
// alive; columns start on a 64-byte boundary.
class Arena {
 public:
  // Before allocate(): only counts the bytes, and returns None.
  template <class T>
  py::object take(size_t rows, T*& data) {
    const size_t bytes = (rows * sizeof(T) + 63) / 64 * 64;
    if (!allocated_) {
      size_ += bytes, data = nullptr;
      return py::none();
    }
    const auto base = reinterpret_cast<uintptr_t>(block_.mutable_data());
    const uintptr_t at = (base + 63) / 64 * 64 + used_;
    used_ += bytes;
    data = reinterpret_cast<T*>(at);
    return py::array_t<T>({static_cast<py::ssize_t>(rows)}, data, block_);
  }
  void allocate() { block_ = py::array_t<uint8_t>(static_cast<py::ssize_t>(size_ + 64)), allocated_ = true; }

 private:
  size_t size_ = 0, used_ = 0;
  bool allocated_ = false;
  py::array_t<uint8_t> block_;
};

// The output arrays of evaluate_columns, as views into `arena`, and where the threads write them.
std::pair<py::list, py::list> make_outputs(const RuleSet& rs, size_t rows, bool run, bool bounds, Arena& arena,
                                           std::vector<ValueOut>& vout, std::vector<GuidanceOut>& gout) {
  const model::Model& m = rs.model();
  py::list values_py, guidance_py;
  for (size_t v = 0; v < m.values.size(); ++v) {
    const model::Value& val = m.values[v];
    ValueOut& o = vout[v];
    if (!run || val.kind == model::Value::Kind::threshold) {
      values_py.append(py::none());
      continue;
    }
    if (val.type == model::Type::boolean) {
      o.form = ValueOut::Form::boolean;
      values_py.append(py::make_tuple(arena.take(rows, o.flag), arena.take(rows, o.na)));
    } else if (val.type == model::Type::option || val.type == model::Type::band) {
      o.form = ValueOut::Form::codes;
      py::object codes = arena.take(rows, o.codes);
      if (bounds && val.type == model::Type::band)
        values_py.append(py::make_tuple(codes, arena.take(rows, o.lo_codes), arena.take(rows, o.hi_codes)));
      else
        values_py.append(py::make_tuple(codes));
    } else {
      o.form = ValueOut::Form::number;
      py::object value = arena.take(rows, o.value);
      if (bounds)
        values_py.append(py::make_tuple(value, arena.take(rows, o.lo), arena.take(rows, o.hi)));
      else
        values_py.append(py::make_tuple(value));
    }
  }
  gout.assign(run ? rs.program().guidance_slot.size() : 0, GuidanceOut{});
  for (auto& g : gout) guidance_py.append(py::make_tuple(arena.take(rows, g.fired), arena.take(rows, g.undetermined)));
  return {values_py, guidance_py};
}

// A chunk of rows and the problems found in it.
struct RowChunk {
  size_t begin = 0, end = 0;
  Problems problems, row_errors;
};

// One thread's working memory: the chunk's cells as bytes where the answers fit (the kernels then
// read them in place), as doubles where some cell of the chunk does not (it is then checked and
// worded by the engine).
struct ColumnWorker {
  explicit ColumnWorker(size_t items)
      : buffer(new double[items * kChunk]), bytes(new int8_t[items * kChunk]), needs_check(items), as_bytes(items) {
    batch.columns.assign(items, TypedColumn{});
    check.items.assign(items, nullptr);
  }
  std::unique_ptr<double[]> buffer;
  std::unique_ptr<int8_t[]> bytes;
  ColumnBatch batch, check;
  BatchResult res;
  std::vector<char> needs_check, as_bytes;
};

// Columns that are strided views of one row-major 2-D array (a DataFrame built from one, as
// pandas holds it: one block of int64 or float64 rows) are read a tile of rows at a time, each
// column in turn. Their cells then come from memory in an order the hardware prefetcher does not
// follow (one cache line of each row, then the next), which made reading them four times slower
// than the memory allows; so the rows of the tiles ahead are prefetched in address order.
constexpr size_t kPrefetch = 2;  // tiles ahead

struct Rows2d {
  const char* base = nullptr;  // row 0's lowest cell; nullptr: no such block
  size_t row_bytes = 0;

  static Rows2d of(const std::vector<Input>& in) {
    Rows2d b;
    const char *lo = nullptr, *hi = nullptr;
    py::ssize_t stride = 0;
    for (const Input& c : in) {
      if (c.form != Input::Form::numbers && c.form != Input::Form::encoded) continue;
      if (stride == 0) stride = c.values.stride;
      if (c.values.stride != stride || stride <= 8) return b;  // contiguous columns stream well already
      lo = lo ? std::min(lo, c.values.data) : c.values.data;
      hi = hi ? std::max(hi, c.values.data) : c.values.data;
    }
    if (lo && hi - lo < stride) b.base = lo, b.row_bytes = size_t(stride);
    return b;
  }
  void prefetch(size_t begin, size_t end) const {
    if (!base || begin >= end) return;
    for (const char *p = base + begin * row_bytes, *e = base + end * row_bytes; p < e; p += 64) __builtin_prefetch(p);
  }
};

// Decodes, checks and evaluates one chunk of rows, writing its results into the output arrays.
struct ChunkRun {
  const RuleSet& rs;
  const std::vector<Input>& in;
  std::vector<ValueOut>& vout;
  std::vector<GuidanceOut>& gout;
  std::atomic<bool>& invalid;
  bool run_it, bounds;
  Rows2d rows2d;

  // Rows [tb, te) of every column into the worker's buffers.
  void decode_tile(ColumnWorker& w, RowChunk& c, size_t tb, size_t te) const;
  void run(ColumnWorker& w, RowChunk& c) const;
};

void ChunkRun::decode_tile(ColumnWorker& w, RowChunk& c, size_t tb, size_t te) const {
  const size_t begin = c.begin;
  for (size_t i = 0; i < in.size(); ++i) {
    const Input& col = in[i];
    double* x = w.buffer.get() + i * kChunk;
    int8_t* b = w.bytes.get() + i * kChunk;
    if (w.as_bytes[i]) {
      bool ok = true;
      if (col.form == Input::Form::numbers)
        ok = visit(col.values, [&](const auto& cells) { return decode_bytes(col, cells, tb, te, b + (tb - begin)); });
      else if (col.form == Input::Form::codes)
        visit(col.values, [&](const auto& codes) { decode_codes8(col, codes, tb, te, b + (tb - begin)); });
      if (ok) continue;
      w.as_bytes[i] = 0;  // a cell that is no valid byte: this chunk of the column as doubles
      for (size_t r = 0; r < tb - begin; ++r) x[r] = b[r] == std::numeric_limits<int8_t>::min() ? std::nan("") : b[r];
    }
    x += tb - begin;
    switch (col.form) {
      case Input::Form::absent: break;
      case Input::Form::encoded:
        visit(col.values, [&](const auto& cells) {
          for (size_t r = tb; r < te; ++r) x[r - tb] = static_cast<double>(cells[r]);
        });
        break;
      case Input::Form::numbers:
        if (!visit(col.values, [&](const auto& cells) { return decode_numbers(col, cells, tb, te, x, c.problems); }))
          w.needs_check[i] = 1;
        break;
      case Input::Form::codes:
        visit(col.values, [&](const auto& codes) { decode_codes(col, codes, tb, te, x); });
        break;
    }
  }
}

void ChunkRun::run(ColumnWorker& w, RowChunk& c) const {
  const size_t items = in.size(), count = c.end - c.begin;
  std::fill(w.needs_check.begin(), w.needs_check.end(), 0);
  for (size_t i = 0; i < items; ++i) w.as_bytes[i] = in[i].bytes;
  // Read in tiles across all columns: columns that are strided views of one 2-D block
  // (a DataFrame built from a 2-D array) then share the tile's cache lines.
  for (size_t tb = c.begin; tb < c.end; tb += kTile) {
    rows2d.prefetch(tb + kPrefetch * kTile, std::min(c.end, tb + (kPrefetch + 1) * kTile));
    decode_tile(w, c, tb, std::min(c.end, tb + kTile));
  }
  bool any_check = false;
  for (size_t i = 0; i < items; ++i) {
    if (in[i].form == Input::Form::absent) w.batch.columns[i] = {nullptr, CellType::f64};
    else if (w.as_bytes[i]) w.batch.columns[i] = {w.bytes.get() + i * kChunk, CellType::i8};
    else w.batch.columns[i] = {w.buffer.get() + i * kChunk, CellType::f64};
    any_check |= w.needs_check[i] != 0;
  }
  if (any_check) {  // some cells are invalid: let the engine word every problem
    w.check.rows = count;
    for (size_t i = 0; i < items; ++i) w.check.items[i] = w.needs_check[i] ? w.buffer.get() + i * kChunk : nullptr;
    for (auto& [r, e] : rs.validate_columns(w.check)) c.problems.push_back({c.begin + r, std::move(e)});
  }
  if (!c.problems.empty()) invalid = true;
  if (!run_it || invalid) return;  // keep decoding: every problem is reported
  BatchOutput what;
  what.form = bounds ? BatchOutput::Values::interval : BatchOutput::Values::decided;
  w.batch.rows = count;
  rs.run_batch(w.batch, w.res, 1, what);
  write_results(w.res, c.begin, vout, gout);
  for (auto& [r, e] : w.res.row_errors) c.row_errors.push_back({c.begin + r, std::move(e)});
}

// ---- the entry point ----------------------------------------------------------------------

// One item's input: its array(s) referenced in place (kept alive in `keep`), its form checked.
void read_input(Input& c, const py::handle& input, size_t rows, std::vector<py::object>& keep) {
  auto spec = input.cast<py::tuple>();
  std::string form = spec[0].cast<std::string>();
  std::string what = "column '" + c.item->id + "'";
  auto array = py::array::ensure(spec[1]);
  if (!array) throw py::type_error(what + " must be an array");
  keep.push_back(array);
  c.values = raw_of(array, rows, what);
  double lo = 0, hi = 0;
  const bool byte_scale = byte_range(*c.scale, lo, hi);
  if (form == "numbers" || form == "masked") {
    c.form = Input::Form::numbers;
    c.bytes = byte_scale && (c.scale->kind != model::Scale::Kind::options || !c.lut.empty());
    if (form == "masked") {  // a pandas nullable array: its values and its mask of missing cells, in place
      auto mask = py::array_t<bool, py::array::c_style | py::array::forcecast>::ensure(spec[2]);
      if (!mask || mask.ndim() != 1 || size_t(mask.shape(0)) != rows)
        throw py::type_error(what + ": the mask must be a 1-d bool array of " + std::to_string(rows) + " values");
      keep.push_back(mask);
      c.mask = mask.data();
    }
  } else if (form == "encoded") {
    if (c.values.type != Dtype::f8) throw py::type_error(what + ": encoded values must be float64");
    c.form = Input::Form::encoded;
  } else if (form == "codes") {
    if (c.values.type == Dtype::f8 || c.values.type == Dtype::f4 || c.values.type == Dtype::b)
      throw py::type_error(what + ": codes must be integers");
    auto table = py::array_t<double, py::array::c_style | py::array::forcecast>::ensure(spec[2]);
    if (!table || table.ndim() != 1) throw py::type_error(what + ": the table must be a 1-d float64 array");
    keep.push_back(table);
    c.table = table.data();
    c.table_size = size_t(table.shape(0));
    c.form = Input::Form::codes;
    c.bytes = true;
    for (size_t k = 0; k < c.table_size && c.bytes; ++k) {
      double x = c.table[k];
      c.bytes = std::isnan(x) || (x >= -127 && x <= 127 && x == std::floor(x));
      c.table8.push_back(std::isnan(x) || !c.bytes ? std::numeric_limits<int8_t>::min() : int8_t(x));
    }
  } else {
    throw py::value_error(what + ": unknown input form '" + form + "'");
  }
}

// Every item's input, in item order; an item without a column (None) stays unanswered.
std::vector<Input> read_inputs(const model::Model& m, const py::list& inputs, size_t rows,
                               std::vector<py::object>& keep) {
  std::vector<Input> in(m.items.size());
  for (size_t i = 0; i < in.size(); ++i) {
    Input& c = in[i];
    c.item = &m.items[i];
    c.scale = &m.scales[c.item->scale];
    if (c.scale->kind == model::Scale::Kind::options) {
      c.lut = option_lookup(*c.scale);
      c.lut_identity = !c.lut.empty();
      for (size_t k = 0; k < c.lut.size(); ++k) c.lut_identity &= c.lut[k] == int(k);
    }
    if (!inputs[i].is_none()) read_input(c, inputs[i], rows, keep);
  }
  return in;
}

// inputs: one per item: None, ("numbers", array), ("codes", codes, table) or ("encoded", array).
// Returns (problems, row_problems, values, guidance): values[v] is None (a threshold) or a tuple
// of arrays by the value's type (number: (value[, lo, hi]); boolean: (value, missing); option and
// band: (codes[, lo_codes, hi_codes])); guidance[g] is (fired, undetermined). When any cell is
// invalid, or `run` is False, nothing is evaluated and only `problems` is meaningful.
py::tuple evaluate_columns(const RuleSet& rs, const py::list& inputs, size_t rows, unsigned threads, bool bounds,
                           bool run) {
  const model::Model& m = rs.model();
  if (inputs.size() != m.items.size())
    throw py::value_error("expected " + std::to_string(m.items.size()) + " inputs (one per item), got " +
                          std::to_string(inputs.size()));
  std::vector<py::object> keep;  // arrays referenced by `in`, alive until the end
  std::vector<Input> in = read_inputs(m, inputs, rows, keep);

  // Output arrays, in one NumPy allocation (Arena); the threads write their rows into them.
  std::vector<ValueOut> vout(m.values.size());
  std::vector<GuidanceOut> gout;
  Arena arena;
  make_outputs(rs, rows, run, bounds, arena, vout, gout);  // sizes
  arena.allocate();
  auto [values_py, guidance_py] = make_outputs(rs, rows, run, bounds, arena, vout, gout);

  const size_t chunks = (rows + kChunk - 1) / kChunk;
  threads = unsigned(std::max<size_t>(1, std::min<size_t>(std::max(1u, threads), chunks)));
  Problems all_problems, all_rows;
  std::atomic<bool> invalid{false};
  {
    py::gil_scoped_release unlocked;
    size_t next = 0;
    ChunkRun job{rs, in, vout, gout, invalid, run, bounds, Rows2d::of(in)};
    for_each_chunk<RowChunk>(
        threads, [&] { return ColumnWorker(in.size()); },
        [&](RowChunk& c) {
          if (next == chunks) return false;
          c.begin = next * kChunk, c.end = std::min(rows, c.begin + kChunk), ++next;
          c.problems.clear(), c.row_errors.clear();
          return true;
        },
        [&](ColumnWorker& w, RowChunk& c) { job.run(w, c); },
        [&](RowChunk& c) {
          std::move(c.problems.begin(), c.problems.end(), std::back_inserter(all_problems));
          std::move(c.row_errors.begin(), c.row_errors.end(), std::back_inserter(all_rows));
          return true;
        });
  }
  if (!all_problems.empty()) return py::make_tuple(problem_list(rs, all_problems), py::list(), py::none(), py::none());
  return py::make_tuple(py::list(), problem_list(rs, all_rows), values_py, guidance_py);
}

// Python values in a column (option names, yes/no, lists, numbers): each decoded by the engine's
// own answer decoder, so the messages are the ones `evaluate` gives. Called once per distinct
// value of a factorised column, or once per cell for cells that cannot be factorised (lists).
py::tuple decode_objects(const RuleSet& rs, int item, const py::sequence& values) {
  const model::Item& it = item_at(rs, item);
  const size_t n = values.size();
  std::vector<double> out(n, std::nan(""));
  Problems problems;
  size_t r = 0;
  for (auto v : values) {
    if (!is_missing(v)) {
      json doc = json::object();
      doc[it.id] = to_json(v, it.id);
      std::vector<AnswerError> errors;
      AnswerRow row = decode_answers(doc, rs.model(), errors);
      out[r] = row[size_t(item)];
      for (auto& e : errors) problems.push_back({r, std::move(e)});
    }
    ++r;
  }
  return py::make_tuple(owning_array(std::move(out)), problem_list(rs, problems));
}

}  // namespace

std::string item_of(const RuleSet& rs, const AnswerError& e) {
  if (e.pointer.size() < 2) return "";
  size_t slash = e.pointer.find('/', 1);
  std::string key = e.pointer.substr(1, slash == std::string::npos ? std::string::npos : slash - 1);
  return rs.model().item_index.count(key) ? key : "";
}

py::tuple problem_tuple(size_t row, const std::string& item, const AnswerError& e) {
  return py::make_tuple(row, item.empty() ? py::object(py::none()) : py::object(py::str(item)), e.code, e.pointer,
                        e.message, e.allowed.empty() ? py::object(py::none()) : py::object(py::str(e.allowed)));
}

void bind_columns(py::class_<RuleSet>& cls) {
  cls.def("decode_objects", &decode_objects, py::arg("item"), py::arg("values"),
          "Encode Python values (option names, yes/no, lists, numbers) for item `item`, one by one,\n"
          "with the engine's answer decoder. Returns (encoded float64 array, problems).");
  cls.def("evaluate_columns", &evaluate_columns, py::arg("inputs"), py::arg("rows"), py::arg("threads") = 1,
          py::arg("bounds") = false, py::arg("run") = true,
          "Decode, check and evaluate columns a chunk of rows at a time, without the GIL.\n"
          "inputs: one per item: None, ('numbers', array), ('codes', int codes, float64 table) or\n"
          "('encoded', float64 array). Returns (problems, row_problems, values, guidance).");
}

}  // namespace signpost::python
