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
