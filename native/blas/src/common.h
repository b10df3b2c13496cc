// Shared by the addon's source files (blas.cc, elementwise.cc, batch-norm.cc): argument checks
// and the subnormal-flushing wrapper of every entry point.
#ifndef LATENT_LAB_BLAS_COMMON_H_
#define LATENT_LAB_BLAS_COMMON_H_

#include <napi.h>

#include <cmath>
#include <cstdint>
#include <cstdlib>
#include <cstring>
#include <string>
#include <vector>

#if defined(__x86_64__) || defined(_M_X64)
#include <xmmintrin.h>
#endif

// A hot element-wise loop: kept out of line so that GCC vectorises it (it is only reached
// through a Node-API callback, which GCC would otherwise judge cold), and on x86-64 Linux built
// three times (target_clones: AVX-512, AVX2 and the SSE2 baseline, chosen by the CPU at load time).
// The loops use only +, −, ×, ÷, sqrt and selects, exact in every vector width, and the build turns
// off FMA contraction, so every clone gives the same bits; reductions stay in order (no fast math).
#if defined(__x86_64__) && defined(__linux__) && defined(__GNUC__) && !defined(__clang__)
#define LL_HOT_LOOP __attribute__((hot, noinline, target_clones("avx512f", "avx2", "default")))
#else
#define LL_HOT_LOOP __attribute__((hot, noinline))
#endif

namespace latent_lab {

// ---------------------------------------------------------------------------------------------
// Element-wise loops over two cores (split.cc): ParallelRange(n, f) calls f(begin, end) on the
// halves of [0, n), the upper one on OpenBLAS's worker thread, when n is at least kSplitMinimum
// and the split is available (SplitAvailable); else f(0, n) on the calling thread (ParallelRows
// and HalvesColumnSums below do the same over rows). f must write only its own range's outputs,
// so that the bits do not depend on the split.
using RangeFn = void (*)(const void* ctx, size_t begin, size_t end);
constexpr size_t kSplitAlign = 64;
// Below this many elements a half is a few microseconds of work, no more than the hand-off.
constexpr size_t kSplitMinimum = 32768;
int SharedBlasThreads();  // blas.cc: this trainer's BLAS thread count
void NoteParallelProduct();  // blas.cc's GEMM, before a product on more than one thread
// Whether this trainer can split at all (OpenBLAS 0.3.x with exec_blas, two or more threads, not
// LATENT_LAB_BLAS_SPLIT=0), and whether a loop starting now would split.
bool SplitSupported();
bool SplitAvailable();
// Tests: kSplitAlways splits whenever supported, kSplitNever never; kSplitAuto is the default.
constexpr int kSplitAuto = 0, kSplitAlways = 1, kSplitNever = 2;
void SetSplitMode(int mode);
void RunSplit(size_t n, size_t minimum, size_t align, bool alwaysHalves, RangeFn fn, const void* ctx);

template <typename F>
void ParallelRange(size_t n, const F& f) {
  // The halves meet at a multiple of kSplitAlign elements, so both start on a cache line.
  RunSplit(n, kSplitMinimum, kSplitAlign, false, [](const void* ctx, size_t begin, size_t end) { (*static_cast<const F*>(ctx))(begin, end); }, &f);
}

// The split minimum of a loop over rows of `rowElements` floats: as many rows as kSplitMinimum floats.
inline size_t RowsForSplit(int64_t rowElements) {
  return rowElements > 0 ? (kSplitMinimum + static_cast<size_t>(rowElements) - 1) / static_cast<size_t>(rowElements) : kSplitMinimum;
}

// ParallelRange over rows of `rowElements` floats each: f(first, last) on row ranges, split from
// kSplitMinimum floats, at any row.
template <typename F>
void ParallelRows(size_t rows, int64_t rowElements, const F& f) {
  RunSplit(rows, RowsForSplit(rowElements), 1, false, [](const void* ctx, size_t begin, size_t end) { (*static_cast<const F*>(ctx))(begin, end); }, &f);
}

// Sums over the rows of an array of rows of `rowElements` floats: accumulate(first, last, acc)
// adds rows [first, last) into `width` doubles. From the split size up the two halves are summed
// into accumulators of their own, on two cores where the split is available, and added lower +
// upper: the same bits either way.
template <typename F>
void HalvesColumnSums(size_t rows, int64_t rowElements, size_t width, double* acc, const F& accumulate) {
  std::vector<double> upper;
  const auto half = [&](size_t first, size_t last) {
    if (first == 0) {
      accumulate(first, last, acc);
    } else {
      upper.assign(width, 0.0);
      accumulate(first, last, upper.data());
    }
  };
  RunSplit(rows, RowsForSplit(rowElements), 1, true, [](const void* ctx, size_t b, size_t e) { (*static_cast<const decltype(half)*>(ctx))(b, e); }, &half);
  if (!upper.empty()) {
    for (size_t c = 0; c < width; c++) acc[c] += upper[c];
  }
}

// Defined in elementwise.cc and batch-norm.cc: add their functions to the addon's exports.
void ExportElementwise(Napi::Env env, Napi::Object exports);
void ExportBatchNorm(Napi::Env env, Napi::Object exports);

// ---------------------------------------------------------------------------------------------
// Argument helpers. With NAPI_DISABLE_CPP_EXCEPTIONS, a failed check throws a JS exception and
// returns false; the caller returns undefined at once.

inline bool Fail(Napi::Env env, const std::string& message) {
  Napi::TypeError::New(env, "latent-lab-blas: " + message).ThrowAsJavaScriptException();
  return false;
}

inline bool Int(const Napi::CallbackInfo& info, size_t i, int64_t* out, const char* name) {
  if (!info[i].IsNumber()) return Fail(info.Env(), std::string(name) + " must be a number");
  double v = info[i].As<Napi::Number>().DoubleValue();
  if (!(v >= 0) || v != std::floor(v) || v > 2147483647.0) {
    return Fail(info.Env(), std::string(name) + " must be a non-negative 32-bit integer");
  }
  *out = static_cast<int64_t>(v);
  return true;
}

// A Float32Array argument with at least `need` elements; null/undefined allowed when optional.
inline bool F32(const Napi::CallbackInfo& info, size_t i, size_t need, float** out, const char* name,
                bool optional = false) {
  Napi::Value v = info[i];
  if (optional && (v.IsNull() || v.IsUndefined())) {
    *out = nullptr;
    return true;
  }
  if (!v.IsTypedArray() || v.As<Napi::TypedArray>().TypedArrayType() != napi_float32_array) {
    return Fail(info.Env(), std::string(name) + " must be a Float32Array");
  }
  Napi::Float32Array a = v.As<Napi::Float32Array>();
  if (a.ElementLength() < need) {
    return Fail(info.Env(), std::string(name) + " has " + std::to_string(a.ElementLength()) +
                                " elements, needs " + std::to_string(need));
  }
  *out = a.Data();
  return true;
}

// ---------------------------------------------------------------------------------------------
// Subnormal floats. A network's weights, gradients and Adam's second moments drift into the
// subnormal range (below 1.2e-38: dead ReLU units, vanishing gradients, v = β2·v of a gradient
// that stays 0), and x86 cores handle every subnormal operand in microcode, ~100 times slower.
// Measured here: the MNIST dense AE's epochs grew from 1.2 s to 13.6 s over 10 epochs, the time
// inside GEMM and Adam. Every entry point therefore runs with FTZ and DAZ set (subnormal results
// and operands read as 0, as on GPUs and in PyTorch's set_flush_denormal) and restores the
// caller's control register on return: V8 runs JavaScript on the same thread and needs IEEE
// behaviour. LATENT_LAB_BLAS_FTZ=0 keeps subnormals (for comparisons). The BLAS worker threads
// (large products only, see ParallelWork in blas.cc) are restarted flushed: FlushBlasThreads there.
inline bool FlushWanted() {
  static const bool wanted = [] {
    const char* v = std::getenv("LATENT_LAB_BLAS_FTZ");
    return !(v && std::strcmp(v, "0") == 0);
  }();
  return wanted;
}

class FlushDenormals {
 public:
#if defined(__x86_64__) || defined(_M_X64)
  FlushDenormals() : saved_(_mm_getcsr()) {
    if (FlushWanted()) _mm_setcsr(saved_ | 0x8040u);  // FTZ (bit 15) | DAZ (bit 6)
  }
  ~FlushDenormals() { _mm_setcsr(saved_); }

 private:
  unsigned saved_;
#elif defined(__aarch64__)
  FlushDenormals() {
    __asm__ __volatile__("mrs %0, fpcr" : "=r"(saved_));
    if (FlushWanted()) __asm__ __volatile__("msr fpcr, %0" : : "r"(saved_ | (1ull << 24)));  // FZ
  }
  ~FlushDenormals() { __asm__ __volatile__("msr fpcr, %0" : : "r"(saved_)); }

 private:
  uint64_t saved_;
#endif
};

template <Napi::Value (*F)(const Napi::CallbackInfo&)>
Napi::Value Flushed(const Napi::CallbackInfo& info) {
  FlushDenormals scope;
  return F(info);
}

}  // namespace latent_lab

#endif  // LATENT_LAB_BLAS_COMMON_H_
