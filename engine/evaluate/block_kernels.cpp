// The block kernels for the target's baseline instruction set, and the choice between kernel sets.
#include <cstdlib>
#include <cstring>

#define SIGNPOST_KERNEL_NS generic
#define SIGNPOST_KERNEL_NAME "generic"
#include "engine/evaluate/block_kernels.inc"

namespace signpost::block {

#if defined(__x86_64__) && defined(__GNUC__)
namespace avx2 {
const Kernels& table();
}
const Kernels* kernels_avx2() { return __builtin_cpu_supports("avx2") ? &avx2::table() : nullptr; }
#else
const Kernels* kernels_avx2() { return nullptr; }
#endif

const Kernels& kernels_generic() { return generic::table(); }

const Kernels& kernels() {
  static const Kernels* chosen = [] {
    const char* isa = std::getenv("SIGNPOST_ISA");  // "generic": the baseline, e.g. to test it
    const Kernels* best = isa && std::strcmp(isa, "generic") == 0 ? nullptr : kernels_avx2();
    return best ? best : &kernels_generic();
  }();
  return *chosen;
}

}  // namespace signpost::block
