// Loops compiled with -ffast-math (binding.gyp, target latent_lab_fast_math) so that GCC calls
// glibc's vectorised logf (libmvec). Only for values whose last bits nothing depends on: the
// binary cross-entropy's forward value (its gradient, in blas.cc, is exact) and the logistic
// sigmoid (its gradient uses the output only). NaN inputs are not handled here (fast math
// assumes none); the callers patch them afterwards.
#include <cmath>
#include <cstddef>

namespace latent_lab {

// out[i] = -(t·log(pc) + (1 − t)·log(1 − pc)), pc = p clipped to [lo, hi].
// Built three times (target_clones) where the compiler can: AVX-512 and AVX2 copies calling libmvec's
// 16- and 8-wide logf, chosen at load time by the CPU, and the baseline copy (4-wide SSE logf) otherwise.
#if defined(__x86_64__) && defined(__GNUC__) && !defined(__clang__)
__attribute__((target_clones("avx512f", "avx2", "default")))
#endif
void BceLoop(size_t n, const float* __restrict__ t, const float* __restrict__ p, float lo, float hi,
             float* __restrict__ out) {
  for (size_t i = 0; i < n; i++) {
    const float pc = p[i] < lo ? lo : (p[i] > hi ? hi : p[i]);
    out[i] = -(t[i] * std::log(pc) + (1.0f - t[i]) * std::log(1.0f - pc));
  }
}

// out[i] = exp(−x[i]) with libmvec's vectorised expf (about 1 ulp): the sigmoid's exponential.
// elementwise.cc divides, outside fast math: here GCC divides by an approximate reciprocal even
// with -fno-reciprocal-math under the avx2 clone (0.49999997 for x = 0). Same clones as BceLoop.
#if defined(__x86_64__) && defined(__GNUC__) && !defined(__clang__)
__attribute__((target_clones("avx512f", "avx2", "default")))
#endif
void ExpNegLoop(size_t n, const float* __restrict__ x, float* __restrict__ out) {
  for (size_t i = 0; i < n; i++) out[i] = std::exp(-x[i]);
}

}  // namespace latent_lab
