// Latent Lab's native kernels for the wasm backend: single-precision GEMM and im2col convolution
// through the system BLAS (OpenBLAS on Linux/Windows, Accelerate on macOS).
//
// Every function works in place on Float32Array views that the caller takes of tensors on the
// wasm heap: the data pointer comes from the typed array (napi typed-array info, byte offset
// included) and nothing is copied in or out. The caller must not allocate on the wasm heap between
// taking the views and the call (heap growth detaches them); the calls are synchronous.
//
// Context-aware (Node-API): loadable from the main thread and from any number of worker threads.
// The only process-wide state is the BLAS thread count, shared as described at setThreads below.
#include <napi.h>

#include <algorithm>
#include <atomic>
#include <cmath>
#include <cstdint>
#include <cstdlib>
#include <cstring>
#include <limits>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#ifdef LL_ACCELERATE
#include <Accelerate/Accelerate.h>
#else
#include <cblas.h>
#endif
#if defined(__x86_64__) || defined(_M_X64)
#include <xmmintrin.h>
#endif

namespace latent_lab {
void BceLoop(size_t n, const float* t, const float* p, float lo, float hi, float* out);  // fast-math.cc
}

namespace {

// ---------------------------------------------------------------------------------------------
// Threads. OpenBLAS's thread count is process-global. Worker threads that train register
// themselves (acquire) and are released when their environment is torn down; the count used is
// max(1, base / active trainers), so two concurrent sweep workers on a 2-core machine each run
// single-threaded GEMMs instead of four BLAS threads fighting over two cores.

std::mutex threadsMutex;
int baseThreads = 0;     // 0 = not yet decided
int activeTrainers = 0;  // environments that called acquire() and are still alive
int currentThreads = 1;

int DefaultThreads() {
  const char* env = std::getenv("LATENT_LAB_BLAS_THREADS");
  if (env != nullptr) {
    int n = std::atoi(env);
    if (n > 0) return n;
  }
  unsigned hw = std::thread::hardware_concurrency();
  if (hw == 0) hw = 1;
  return static_cast<int>(std::min(hw, 4u));
}

// Read by every GEMM without the lock; written under threadsMutex.
std::atomic<int> currentThreadsShared{1};

void ApplyThreadsLocked() {
  if (baseThreads == 0) baseThreads = DefaultThreads();
  int n = std::max(1, baseThreads / std::max(1, activeTrainers));
  currentThreads = n;
  currentThreadsShared.store(n, std::memory_order_relaxed);
}

// ---------------------------------------------------------------------------------------------
// Argument helpers. With NAPI_DISABLE_CPP_EXCEPTIONS, a failed check throws a JS exception and
// returns false; the caller returns undefined at once.

bool Fail(Napi::Env env, const std::string& message) {
  Napi::TypeError::New(env, "latent-lab-blas: " + message).ThrowAsJavaScriptException();
  return false;
}

bool Int(const Napi::CallbackInfo& info, size_t i, int64_t* out, const char* name) {
  if (!info[i].IsNumber()) return Fail(info.Env(), std::string(name) + " must be a number");
  double v = info[i].As<Napi::Number>().DoubleValue();
  if (!(v >= 0) || v != std::floor(v) || v > 2147483647.0) {
    return Fail(info.Env(), std::string(name) + " must be a non-negative 32-bit integer");
  }
  *out = static_cast<int64_t>(v);
  return true;
}

// A Float32Array argument with at least `need` elements; null/undefined allowed when optional.
bool F32(const Napi::CallbackInfo& info, size_t i, size_t need, float** out, const char* name,
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

// Products smaller than this many multiply-adds run on one thread: measured here (AVX-512,
// ~150 GFLOP/s on one core), a second thread gains nothing below ~100M and loses on a busy machine
// (32x784x128: 49 us on one thread, 61 us on two). Larger ones use the shared thread count.
// LATENT_LAB_BLAS_PARALLEL_MIN overrides the threshold (multiply-adds), to measure it on another machine.
int64_t ParallelWork() {
  static const int64_t work = [] {
    const char* env = std::getenv("LATENT_LAB_BLAS_PARALLEL_MIN");
    if (env != nullptr) {
      const long long n = std::atoll(env);
      if (n > 0) return static_cast<int64_t>(n);
    }
    return int64_t{48} << 20;
  }();
  return work;
}
std::atomic<int> appliedThreads{0};

void UseThreads(int n) {
#ifndef LL_ACCELERATE
  if (appliedThreads.load(std::memory_order_relaxed) != n) {
    appliedThreads.store(n, std::memory_order_relaxed);
    openblas_set_num_threads(n);
  }
#else
  (void)n;
#endif
}

void Sgemm(bool transA, bool transB, int64_t m, int64_t n, int64_t k, const float* a,
           const float* b, float beta, float* c) {
  if (m == 0 || n == 0) return;
  UseThreads(m * n * k >= ParallelWork() ? currentThreadsShared.load(std::memory_order_relaxed) : 1);
  if (k == 0) {
    if (beta == 0.0f) std::fill(c, c + m * n, 0.0f);
    return;
  }
  const int lda = static_cast<int>(std::max<int64_t>(1, transA ? m : k));
  const int ldb = static_cast<int>(std::max<int64_t>(1, transB ? k : n));
  cblas_sgemm(CblasRowMajor, transA ? CblasTrans : CblasNoTrans, transB ? CblasTrans : CblasNoTrans,
              static_cast<int>(m), static_cast<int>(n), static_cast<int>(k), 1.0f, a, lda, b, ldb, beta, c,
              static_cast<int>(n));
}

// ---------------------------------------------------------------------------------------------
// Subnormal floats. A network's weights, gradients and Adam's second moments drift into the
// subnormal range (below 1.2e-38: dead ReLU units, vanishing gradients, v = β2·v of a gradient
// that stays 0), and x86 cores handle every subnormal operand in microcode, ~100 times slower.
// Measured here: the MNIST dense AE's epochs grew from 1.2 s to 13.6 s over 10 epochs, the time
// inside GEMM and Adam. Every entry point therefore runs with FTZ and DAZ set (subnormal results
// and operands read as 0, as on GPUs and in PyTorch's set_flush_denormal) and restores the
// caller's control register on return: V8 runs JavaScript on the same thread and needs IEEE
// behaviour. LATENT_LAB_BLAS_FTZ=0 keeps subnormals (for comparisons). BLAS worker threads (large
// products only, see kParallelMin) keep their own register.
bool FlushWanted() {
  const char* v = std::getenv("LATENT_LAB_BLAS_FTZ");
  return !(v && std::strcmp(v, "0") == 0);
}
const bool kFlush = FlushWanted();

class FlushDenormals {
 public:
#if defined(__x86_64__) || defined(_M_X64)
  FlushDenormals() : saved_(_mm_getcsr()) {
    if (kFlush) _mm_setcsr(saved_ | 0x8040u);  // FTZ (bit 15) | DAZ (bit 6)
  }
  ~FlushDenormals() { _mm_setcsr(saved_); }

 private:
  unsigned saved_;
#elif defined(__aarch64__)
  FlushDenormals() {
    __asm__ __volatile__("mrs %0, fpcr" : "=r"(saved_));
    if (kFlush) __asm__ __volatile__("msr fpcr, %0" : : "r"(saved_ | (1ull << 24)));  // FZ
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

// ---------------------------------------------------------------------------------------------
// gemm(transA, transB, m, n, k, batch, a, aStride, b, bStride, c, cStride, beta)
// For each i < batch: C_i = op(A_i)·op(B_i) + beta·C_i, row-major, where A_i starts at
// a[i*aStride] and is [m,k] ([k,m] when transposed), B_i at b[i*bStride] is [k,n] ([n,k]),
// C_i at c[i*cStride] is [m,n]. A stride of 0 broadcasts one matrix over the batch.
Napi::Value Gemm(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  if (info.Length() != 13) {
    Fail(env, "gemm expects 13 arguments");
    return env.Undefined();
  }
  bool transA = info[0].ToBoolean().Value();
  bool transB = info[1].ToBoolean().Value();
  int64_t m, n, k, batch, aStride, bStride, cStride;
  if (!Int(info, 2, &m, "m") || !Int(info, 3, &n, "n") || !Int(info, 4, &k, "k") ||
      !Int(info, 5, &batch, "batch") || !Int(info, 7, &aStride, "aStride") ||
      !Int(info, 9, &bStride, "bStride") || !Int(info, 11, &cStride, "cStride")) {
    return env.Undefined();
  }
  if (batch == 0) return env.Undefined();
  float *a, *b, *c;
  if (!F32(info, 6, (batch - 1) * aStride + m * k, &a, "a") ||
      !F32(info, 8, (batch - 1) * bStride + k * n, &b, "b") ||
      !F32(info, 10, (batch - 1) * cStride + m * n, &c, "c")) {
    return env.Undefined();
  }
  if (batch > 1 && cStride < m * n) {
    Fail(env, "cStride must be at least m*n when batch > 1");
    return env.Undefined();
  }
  float beta = static_cast<float>(info[12].ToNumber().DoubleValue());
  for (int64_t i = 0; i < batch; i++) {
    Sgemm(transA, transB, m, n, k, a + i * aStride, b + i * bStride, beta, c + i * cStride);
  }
  return env.Undefined();
}

// Activation codes shared with the TypeScript side (src/main/engine/wasm-kernels/blas.ts).
enum Activation { kLinear = 0, kRelu = 1, kRelu6 = 2, kSigmoid = 3, kLeakyRelu = 4, kElu = 5 };

// epilogue(c, rows, cols, bias | null, activation, alpha): c[r, j] = act(c[r, j] + bias[j]).
// The loops live in a hot function of their own so that GCC vectorises them (selects, not
// branches; see LeakyReluLoop).
__attribute__((hot, noinline)) void EpilogueLoop(int64_t rows, int64_t cols, float* c, const float* bias, int64_t act,
                                                 float alpha) {
  for (int64_t r = 0; r < rows; r++) {
    float* row = c + r * cols;
    if (bias != nullptr) {
      for (int64_t j = 0; j < cols; j++) row[j] += bias[j];
    }
    switch (act) {
      case kRelu:
        for (int64_t j = 0; j < cols; j++) row[j] = row[j] < 0.0f ? 0.0f : row[j];
        break;
      case kRelu6:
        for (int64_t j = 0; j < cols; j++) row[j] = std::min(6.0f, std::max(0.0f, row[j]));
        break;
      case kSigmoid:
        for (int64_t j = 0; j < cols; j++) row[j] = 1.0f / (1.0f + std::exp(-row[j]));
        break;
      case kLeakyRelu:
        for (int64_t j = 0; j < cols; j++) {
          const float v = row[j];
          const float scaled = alpha * v;
          row[j] = v < 0.0f ? scaled : v;
        }
        break;
      case kElu:
        for (int64_t j = 0; j < cols; j++) row[j] = row[j] >= 0.0f ? row[j] : std::exp(row[j]) - 1.0f;
        break;
      default:
        break;
    }
  }
}

Napi::Value Epilogue(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  if (info.Length() != 6) {
    Fail(env, "epilogue expects 6 arguments");
    return env.Undefined();
  }
  int64_t rows, cols, act;
  if (!Int(info, 1, &rows, "rows") || !Int(info, 2, &cols, "cols") || !Int(info, 4, &act, "activation")) {
    return env.Undefined();
  }
  float *c, *bias;
  if (!F32(info, 0, rows * cols, &c, "c") || !F32(info, 3, cols, &bias, "bias", true)) return env.Undefined();
  if (act > kElu) {
    Fail(env, "unknown activation code");
    return env.Undefined();
  }
  EpilogueLoop(rows, cols, c, bias, act, static_cast<float>(info[5].ToNumber().DoubleValue()));
  return env.Undefined();
}

// addRow(x, rows, cols, v, out): out[r, c] = x[r, c] + v[c] (a bias over the last axis: the Add
// of tfjs-layers' biasAdd after Conv2DTranspose, which stock wasm broadcasts per element).
__attribute__((hot, noinline)) void AddRowLoop(int64_t rows, int64_t cols, const float* __restrict__ x,
                                               const float* __restrict__ v, float* __restrict__ out) {
  for (int64_t r = 0; r < rows; r++) {
    const float* xr = x + r * cols;
    float* o = out + r * cols;
    for (int64_t c = 0; c < cols; c++) o[c] = xr[c] + v[c];
  }
}

Napi::Value AddRow(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  if (info.Length() != 5) {
    Fail(env, "addRow expects (x, rows, cols, v, out)");
    return env.Undefined();
  }
  int64_t rows, cols;
  if (!Int(info, 1, &rows, "rows") || !Int(info, 2, &cols, "cols")) return env.Undefined();
  float *x, *v, *out;
  if (!F32(info, 0, rows * cols, &x, "x") || !F32(info, 3, cols, &v, "v") || !F32(info, 4, rows * cols, &out, "out")) {
    return env.Undefined();
  }
  AddRowLoop(rows, cols, x, v, out);
  return env.Undefined();
}

// columnSums(x, rows, cols, scale, out): out[c] = scale * sum over r of x[r, c], accumulated in
// doubles (as tfjs' cpu backend does) — Sum / Mean over leading axes: bias gradients and
// batch-norm moments.
Napi::Value ColumnSums(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  if (info.Length() != 5) {
    Fail(env, "columnSums expects 5 arguments");
    return env.Undefined();
  }
  int64_t rows, cols;
  if (!Int(info, 1, &rows, "rows") || !Int(info, 2, &cols, "cols")) return env.Undefined();
  float *x, *out;
  if (!F32(info, 0, rows * cols, &x, "x") || !F32(info, 4, cols, &out, "out")) return env.Undefined();
  const double scale = info[3].ToNumber().DoubleValue();
  std::vector<double> acc(static_cast<size_t>(cols), 0.0);
  for (int64_t r = 0; r < rows; r++) {
    const float* row = x + r * cols;
    for (int64_t c = 0; c < cols; c++) acc[c] += row[c];
  }
  for (int64_t c = 0; c < cols; c++) out[c] = static_cast<float>(acc[c] * scale);
  return env.Undefined();
}

// leakyRelu(x, alpha, out): out = x < 0 ? alpha * x : x, elementwise (out must not overlap x).
// The product is computed for every element and then selected: written as `v < 0 ? alpha * v : v`
// GCC may not speculate the multiply (it could trap, -ftrapping-math) and keeps a scalar loop
// with a data-dependent branch, ~5 ns per element on random signs (45 ms for 8M floats, against
// 2.5 ms for a copy). The same goes for every select below.
__attribute__((hot, noinline)) void LeakyReluLoop(size_t n, const float* __restrict__ x, float alpha,
                                                  float* __restrict__ out) {
  for (size_t i = 0; i < n; i++) {
    const float v = x[i];
    const float scaled = alpha * v;
    out[i] = v < 0.0f ? scaled : v;
  }
}

Napi::Value LeakyRelu(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  if (info.Length() != 3 || !info[0].IsTypedArray()) {
    Fail(env, "leakyRelu expects (x, alpha, out)");
    return env.Undefined();
  }
  size_t n = info[0].As<Napi::TypedArray>().ElementLength();
  float *x, *out;
  if (!F32(info, 0, n, &x, "x") || !F32(info, 2, n, &out, "out")) return env.Undefined();
  const float alpha = static_cast<float>(info[1].ToNumber().DoubleValue());
  LeakyReluLoop(n, x, alpha, out);
  return env.Undefined();
}

// leakyReluGrad(x, dy, alpha, out): out = x > 0 ? dy : dy * alpha, tfjs' gradient
// where(greater(x, 0), dy, mul(dy, alpha)) in one pass (bit-identical; NaN x takes dy * alpha).
__attribute__((hot, noinline)) void LeakyReluGradLoop(size_t n, const float* __restrict__ x, const float* __restrict__ dy,
                                                      float alpha, float* __restrict__ out) {
  for (size_t i = 0; i < n; i++) {
    const float scaled = dy[i] * alpha;
    out[i] = x[i] > 0.0f ? dy[i] : scaled;
  }
}

Napi::Value LeakyReluGrad(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  if (info.Length() != 4 || !info[0].IsTypedArray()) {
    Fail(env, "leakyReluGrad expects (x, dy, alpha, out)");
    return env.Undefined();
  }
  const size_t n = info[0].As<Napi::TypedArray>().ElementLength();
  float *x, *dy, *out;
  if (!F32(info, 0, n, &x, "x") || !F32(info, 1, n, &dy, "dy") || !F32(info, 3, n, &out, "out")) return env.Undefined();
  LeakyReluGradLoop(n, x, dy, static_cast<float>(info[2].ToNumber().DoubleValue()), out);
  return env.Undefined();
}

// squareGrad(x, dy, out): out = dy * (x * 2), tfjs' gradient of Square (mul(dy, mul(x, 2)))
// in one pass, bit-identical.
__attribute__((hot, noinline)) void SquareGradLoop(size_t n, const float* __restrict__ x, const float* __restrict__ dy,
                                                   float* __restrict__ out) {
  for (size_t i = 0; i < n; i++) out[i] = dy[i] * (x[i] * 2.0f);
}

Napi::Value SquareGrad(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  if (info.Length() != 3 || !info[0].IsTypedArray()) {
    Fail(env, "squareGrad expects (x, dy, out)");
    return env.Undefined();
  }
  const size_t n = info[0].As<Napi::TypedArray>().ElementLength();
  float *x, *dy, *out;
  if (!F32(info, 0, n, &x, "x") || !F32(info, 1, n, &dy, "dy") || !F32(info, 2, n, &out, "out")) return env.Undefined();
  SquareGradLoop(n, x, dy, out);
  return env.Undefined();
}

// ---------------------------------------------------------------------------------------------
// Batch normalisation over the last axis (channels) of x viewed as [rows, C]; mean, variance,
// scale and offset are per-channel vectors of C values (scale / offset may be null: 1 / 0).
//
// batchNorm(x, mean, variance, offset, scale, epsilon, channels, out): tfjs' FusedBatchNorm,
//   out = offset + (x − mean) · (scale / sqrt(variance + ε)), the factor per channel in double
//   (the cpu backend evaluates offset + (x − mean)·scale/sqrt(variance + ε) per element in
//   double: the results agree to a float32 rounding or two).
// batchNormGrad(x, dy, mean, variance, scale, epsilon, channels, dx, dmean, dvariance, dscale,
//   doffset): every gradient of FusedBatchNorm in one pass over x and dy, the quantities of tfjs'
//   FusedBatchNorm gradient with r = 1/sqrt(variance + ε) in float32 as tfjs computes it:
//     dx = (dy · r) · scale (float32, bit-identical to tfjs),
//     doffset = Σ dy, dscale = r · Σ dy·(x − mean), dmean = −r · scale · Σ dy,
//     dvariance = −½ r³ · scale · Σ dy·(x − mean), the sums over rows in double.
void ChannelFactors(int64_t C, const float* variance, const float* scale, double epsilon, std::vector<float>* r,
                    std::vector<float>* rs) {
  r->resize(static_cast<size_t>(C));
  rs->resize(static_cast<size_t>(C));
  const float eps = static_cast<float>(epsilon);
  for (int64_t c = 0; c < C; c++) {
    (*r)[c] = 1.0f / std::sqrt(variance[c] + eps);
    (*rs)[c] = scale != nullptr ? scale[c] : 1.0f;
  }
}

__attribute__((hot, noinline)) void BatchNormLoop(int64_t rows, int64_t C, const float* __restrict__ x,
                                                  const float* __restrict__ mean, const float* __restrict__ factor,
                                                  const float* __restrict__ offset, float* __restrict__ out) {
  for (int64_t r = 0; r < rows; r++) {
    const float* xr = x + r * C;
    float* o = out + r * C;
    for (int64_t c = 0; c < C; c++) o[c] = offset[c] + (xr[c] - mean[c]) * factor[c];
  }
}

Napi::Value BatchNorm(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  if (info.Length() != 8 || !info[0].IsTypedArray()) {
    Fail(env, "batchNorm expects (x, mean, variance, offset, scale, epsilon, channels, out)");
    return env.Undefined();
  }
  int64_t C;
  if (!Int(info, 6, &C, "channels")) return env.Undefined();
  const size_t n = info[0].As<Napi::TypedArray>().ElementLength();
  if (C == 0 || n % static_cast<size_t>(C) != 0) {
    Fail(env, "batchNorm: x's length must be a multiple of channels");
    return env.Undefined();
  }
  float *x, *mean, *variance, *offset, *scale, *out;
  if (!F32(info, 0, n, &x, "x") || !F32(info, 1, C, &mean, "mean") || !F32(info, 2, C, &variance, "variance") ||
      !F32(info, 3, C, &offset, "offset", true) || !F32(info, 4, C, &scale, "scale", true) ||
      !F32(info, 7, n, &out, "out")) {
    return env.Undefined();
  }
  const double eps = info[5].ToNumber().DoubleValue();
  std::vector<float> factor(static_cast<size_t>(C)), off(static_cast<size_t>(C));
  for (int64_t c = 0; c < C; c++) {
    const double s = scale != nullptr ? scale[c] : 1.0;
    factor[c] = static_cast<float>(s / std::sqrt(static_cast<double>(variance[c]) + eps));
    off[c] = offset != nullptr ? offset[c] : 0.0f;
  }
  BatchNormLoop(static_cast<int64_t>(n) / C, C, x, mean, factor.data(), off.data(), out);
  return env.Undefined();
}

// Per-row part of batchNormGrad: dx, and the two per-channel sums accumulated in double.
__attribute__((hot, noinline)) void BatchNormGradLoop(int64_t rows, int64_t C, const float* __restrict__ x,
                                                      const float* __restrict__ dy, const float* __restrict__ mean,
                                                      const float* __restrict__ r, const float* __restrict__ s,
                                                      float* __restrict__ dx, double* __restrict__ sumDy,
                                                      double* __restrict__ sumDyXm) {
  for (int64_t row = 0; row < rows; row++) {
    const float* xr = x + row * C;
    const float* dyr = dy + row * C;
    float* dxr = dx + row * C;
    for (int64_t c = 0; c < C; c++) {
      const float d = dyr[c];
      dxr[c] = (d * r[c]) * s[c];
      sumDy[c] += d;
      sumDyXm[c] += d * (xr[c] - mean[c]);
    }
  }
}

Napi::Value BatchNormGrad(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  if (info.Length() != 12 || !info[0].IsTypedArray()) {
    Fail(env, "batchNormGrad expects (x, dy, mean, variance, scale, epsilon, channels, dx, dmean, dvariance, dscale, doffset)");
    return env.Undefined();
  }
  int64_t C;
  if (!Int(info, 6, &C, "channels")) return env.Undefined();
  const size_t n = info[0].As<Napi::TypedArray>().ElementLength();
  if (C == 0 || n % static_cast<size_t>(C) != 0) {
    Fail(env, "batchNormGrad: x's length must be a multiple of channels");
    return env.Undefined();
  }
  float *x, *dy, *mean, *variance, *scale, *dx, *dmean, *dvariance, *dscale, *doffset;
  if (!F32(info, 0, n, &x, "x") || !F32(info, 1, n, &dy, "dy") || !F32(info, 2, C, &mean, "mean") ||
      !F32(info, 3, C, &variance, "variance") || !F32(info, 4, C, &scale, "scale", true) ||
      !F32(info, 7, n, &dx, "dx") || !F32(info, 8, C, &dmean, "dmean") || !F32(info, 9, C, &dvariance, "dvariance") ||
      !F32(info, 10, C, &dscale, "dscale") || !F32(info, 11, C, &doffset, "doffset")) {
    return env.Undefined();
  }
  std::vector<float> r, s;
  ChannelFactors(C, variance, scale, info[5].ToNumber().DoubleValue(), &r, &s);
  std::vector<double> sumDy(static_cast<size_t>(C), 0.0), sumDyXm(static_cast<size_t>(C), 0.0);
  BatchNormGradLoop(static_cast<int64_t>(n) / C, C, x, dy, mean, r.data(), s.data(), dx, sumDy.data(), sumDyXm.data());
  for (int64_t c = 0; c < C; c++) {
    const double rc = r[c], sc = s[c];
    doffset[c] = static_cast<float>(sumDy[c]);
    dscale[c] = static_cast<float>(rc * sumDyXm[c]);
    dmean[c] = static_cast<float>(-rc * sc * sumDy[c]);
    dvariance[c] = static_cast<float>(-0.5 * rc * rc * rc * sc * sumDyXm[c]);
  }
  return env.Undefined();
}

// The loop of adam() below, one instance per weight decay mode so that it vectorises (the
// outputs are new tensors: no pointer aliases another). `hot`: GCC otherwise judges the loop cold
// (it is only reached through a Node-API callback) and leaves it scalar.
template <bool kCoupled, bool kDecoupled>
__attribute__((hot, noinline)) void AdamLoop(size_t n, const float* __restrict__ w, const float* __restrict__ g, const float* __restrict__ m,
              const float* __restrict__ v, float* __restrict__ wOut, float* __restrict__ mOut,
              float* __restrict__ vOut, const float* p) {
  const float b1 = p[0], c1 = p[1], b2 = p[2], c2 = p[3], om1 = p[4], om2 = p[5], eps = p[6], negLr = p[7];
  const float decay = p[8], keep = p[9];
  for (size_t i = 0; i < n; i++) {
    float wi = w[i];
    float gi = g[i];
    if (kCoupled) gi = gi + wi * decay;
    if (kDecoupled) wi = wi * keep;
    const float mi = m[i] * b1 + gi * c1;
    const float vi = v[i] * b2 + (gi * gi) * c2;
    const float mHat = mi / om1;
    const float vHat = vi / om2;
    const float step = (mHat / (std::sqrt(vHat) + eps)) * negLr;
    mOut[i] = mi;
    vOut[i] = vi;
    wOut[i] = step + wi;
  }
}

// adam(w, g, m, v, wOut, mOut, vOut, params): one Adam step of one variable, written to new
// buffers (wOut, mOut, vOut; all seven of the same length). params (Float32Array, 10 values):
//   beta1, 1-beta1, beta2, 1-beta2, 1-beta1^t, 1-beta2^t, epsilon, -learningRate,
//   coupled decay λ (0: none), decoupled keep factor (1: none).
// Every operation is one float32 operation in the order of tfjs' AdamOptimizer.applyGradients
// (with Latent Lab's weight decay before it), so the result is bit-identical to the unfused ops;
// the build turns off FMA contraction (-ffp-contract=off) to keep it so.
Napi::Value Adam(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  if (info.Length() != 8 || !info[0].IsTypedArray()) {
    Fail(env, "adam expects (w, g, m, v, wOut, mOut, vOut, params)");
    return env.Undefined();
  }
  const size_t n = info[0].As<Napi::TypedArray>().ElementLength();
  float *w, *g, *m, *v, *wOut, *mOut, *vOut, *p;
  if (!F32(info, 0, n, &w, "w") || !F32(info, 1, n, &g, "g") || !F32(info, 2, n, &m, "m") ||
      !F32(info, 3, n, &v, "v") || !F32(info, 4, n, &wOut, "wOut") || !F32(info, 5, n, &mOut, "mOut") ||
      !F32(info, 6, n, &vOut, "vOut") || !F32(info, 7, 10, &p, "params")) {
    return env.Undefined();
  }
  const float decay = p[8], keep = p[9];
  const bool coupled = decay != 0.0f, decoupled = keep != 1.0f;
  if (coupled && decoupled) AdamLoop<true, true>(n, w, g, m, v, wOut, mOut, vOut, p);
  else if (coupled) AdamLoop<true, false>(n, w, g, m, v, wOut, mOut, vOut, p);
  else if (decoupled) AdamLoop<false, true>(n, w, g, m, v, wOut, mOut, vOut, p);
  else AdamLoop<false, false>(n, w, g, m, v, wOut, mOut, vOut, p);
  return env.Undefined();
}

// Gradients of elementwise ops, one pass each instead of tfjs' three ops, float32 operation for
// operation as tfjs computes them (bit-identical; see src/main/engine/gradients.ts):
//   sigmoidGrad(y, dy, out):                 out = dy * (y * (1 - y))
//   squaredDifferenceGrad(a, b, dy, out):    out = dy * (2 * (a - b))
__attribute__((hot, noinline)) void SigmoidGradLoop(size_t n, const float* __restrict__ y, const float* __restrict__ dy,
                                                    float* __restrict__ out) {
  for (size_t i = 0; i < n; i++) out[i] = dy[i] * (y[i] * (1.0f - y[i]));
}

__attribute__((hot, noinline)) void SquaredDifferenceGradLoop(size_t n, const float* __restrict__ a,
                                                              const float* __restrict__ b,
                                                              const float* __restrict__ dy, float* __restrict__ out) {
  for (size_t i = 0; i < n; i++) out[i] = dy[i] * (2.0f * (a[i] - b[i]));
}

Napi::Value SigmoidGrad(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  if (info.Length() != 3 || !info[0].IsTypedArray()) {
    Fail(env, "sigmoidGrad expects (y, dy, out)");
    return env.Undefined();
  }
  const size_t n = info[0].As<Napi::TypedArray>().ElementLength();
  float *y, *dy, *out;
  if (!F32(info, 0, n, &y, "y") || !F32(info, 1, n, &dy, "dy") || !F32(info, 2, n, &out, "out")) return env.Undefined();
  SigmoidGradLoop(n, y, dy, out);
  return env.Undefined();
}

Napi::Value SquaredDifferenceGrad(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  if (info.Length() != 4 || !info[0].IsTypedArray()) {
    Fail(env, "squaredDifferenceGrad expects (a, b, dy, out)");
    return env.Undefined();
  }
  const size_t n = info[0].As<Napi::TypedArray>().ElementLength();
  float *a, *b, *dy, *out;
  if (!F32(info, 0, n, &a, "a") || !F32(info, 1, n, &b, "b") || !F32(info, 2, n, &dy, "dy") ||
      !F32(info, 3, n, &out, "out")) {
    return env.Undefined();
  }
  SquaredDifferenceGradLoop(n, a, b, dy, out);
  return env.Undefined();
}

// Batch normalisation in training as one operation (src/main/engine/batch-norm-layer.ts): the
// batch's per-channel moments, and the gradient of the whole normalisation, through the moments
// included, in two passes instead of tfjs' moments graph (Mean, Sub, Square, Mean) and its
// gradients (Tile, Square's, Sum, the adds of x's three gradients).
//
// batchNormMoments(x, channels, mean, variance): mean = Σx / rows, then variance =
//   Σ fl((x − mean)²) / rows, each sum in double (tf.moments' two steps, biased variance).
__attribute__((hot, noinline)) void SquaredDeviationSums(int64_t rows, int64_t C, const float* __restrict__ x,
                                                         const float* __restrict__ mean, double* __restrict__ acc) {
  for (int64_t r = 0; r < rows; r++) {
    const float* xr = x + r * C;
    for (int64_t c = 0; c < C; c++) {
      const float d = xr[c] - mean[c];
      acc[c] += d * d;
    }
  }
}

__attribute__((hot, noinline)) void ColumnSumsLoop(int64_t rows, int64_t C, const float* __restrict__ x,
                                                   double* __restrict__ acc) {
  for (int64_t r = 0; r < rows; r++) {
    const float* xr = x + r * C;
    for (int64_t c = 0; c < C; c++) acc[c] += xr[c];
  }
}

// Reads (x, channels) at 0 and 1 and checks that x is [rows, channels]; rows > 0.
bool RowsOfChannels(const Napi::CallbackInfo& info, const char* name, size_t* n, int64_t* C) {
  if (!Int(info, 1, C, "channels")) return false;
  *n = info[0].As<Napi::TypedArray>().ElementLength();
  if (*C == 0 || *n == 0 || *n % static_cast<size_t>(*C) != 0) {
    return Fail(info.Env(), std::string(name) + ": x's length must be a positive multiple of channels");
  }
  return true;
}

Napi::Value BatchNormMoments(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  if (info.Length() != 4 || !info[0].IsTypedArray()) {
    Fail(env, "batchNormMoments expects (x, channels, mean, variance)");
    return env.Undefined();
  }
  size_t n;
  int64_t C;
  if (!RowsOfChannels(info, "batchNormMoments", &n, &C)) return env.Undefined();
  float *x, *mean, *variance;
  if (!F32(info, 0, n, &x, "x") || !F32(info, 2, C, &mean, "mean") || !F32(info, 3, C, &variance, "variance")) {
    return env.Undefined();
  }
  const int64_t rows = static_cast<int64_t>(n) / C;
  std::vector<double> acc(static_cast<size_t>(C), 0.0);
  ColumnSumsLoop(rows, C, x, acc.data());
  for (int64_t c = 0; c < C; c++) mean[c] = static_cast<float>(acc[c] / static_cast<double>(rows));
  std::fill(acc.begin(), acc.end(), 0.0);
  SquaredDeviationSums(rows, C, x, mean, acc.data());
  for (int64_t c = 0; c < C; c++) variance[c] = static_cast<float>(acc[c] / static_cast<double>(rows));
  return env.Undefined();
}

// batchNormTrainGrad(x, dy, mean, variance, scale, epsilon, channels, dmeanOut, dvarianceOut, dx,
// dscale, doffset): the gradient of y = scale·(x − mean)·r + offset with mean and variance the
// batch moments of x (r = 1/sqrt(variance + ε)):
//   doffset = Σ dy, dscale = r·Σ dy·(x − mean),
//   dx = scale·r·(dy − Σdy/rows − (x − mean)·r²·Σ dy·(x − mean)/rows)
//        + dmeanOut/rows + (x − mean)·2·dvarianceOut/rows,
// the sums in double over the rows (first pass), dx in the second pass with per-channel
// coefficients. dmeanOut / dvarianceOut are the gradients reaching the moments as outputs of
// their own (null: none; tfjs passes zeros, the moving averages taking no gradient).
__attribute__((hot, noinline)) void DyMomentSums(int64_t rows, int64_t C, const float* __restrict__ x,
                                                 const float* __restrict__ dy, const float* __restrict__ mean,
                                                 double* __restrict__ sumDy, double* __restrict__ sumDyXm) {
  for (int64_t row = 0; row < rows; row++) {
    const float* xr = x + row * C;
    const float* dyr = dy + row * C;
    for (int64_t c = 0; c < C; c++) {
      const float d = dyr[c];
      sumDy[c] += d;
      sumDyXm[c] += d * (xr[c] - mean[c]);
    }
  }
}

__attribute__((hot, noinline)) void TrainDxLoop(int64_t rows, int64_t C, const float* __restrict__ x,
                                                const float* __restrict__ dy, const float* __restrict__ mean,
                                                const float* __restrict__ k1, const float* __restrict__ m1,
                                                const float* __restrict__ k2, const float* __restrict__ a,
                                                const float* __restrict__ b, float* __restrict__ dx) {
  for (int64_t row = 0; row < rows; row++) {
    const float* xr = x + row * C;
    const float* dyr = dy + row * C;
    float* dxr = dx + row * C;
    for (int64_t c = 0; c < C; c++) {
      const float xm = xr[c] - mean[c];
      dxr[c] = k1[c] * ((dyr[c] - m1[c]) - xm * k2[c]) + (a[c] + xm * b[c]);
    }
  }
}

Napi::Value BatchNormTrainGrad(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  if (info.Length() != 12 || !info[0].IsTypedArray()) {
    Fail(env, "batchNormTrainGrad expects (x, dy, mean, variance, scale, epsilon, channels, dmeanOut, dvarianceOut, dx, dscale, doffset)");
    return env.Undefined();
  }
  int64_t C;
  if (!Int(info, 6, &C, "channels")) return env.Undefined();
  const size_t n = info[0].As<Napi::TypedArray>().ElementLength();
  if (C == 0 || n == 0 || n % static_cast<size_t>(C) != 0) {
    Fail(env, "batchNormTrainGrad: x's length must be a positive multiple of channels");
    return env.Undefined();
  }
  float *x, *dy, *mean, *variance, *scale, *dmeanOut, *dvarianceOut, *dx, *dscale, *doffset;
  if (!F32(info, 0, n, &x, "x") || !F32(info, 1, n, &dy, "dy") || !F32(info, 2, C, &mean, "mean") ||
      !F32(info, 3, C, &variance, "variance") || !F32(info, 4, C, &scale, "scale", true) ||
      !F32(info, 7, C, &dmeanOut, "dmeanOut", true) || !F32(info, 8, C, &dvarianceOut, "dvarianceOut", true) ||
      !F32(info, 9, n, &dx, "dx") || !F32(info, 10, C, &dscale, "dscale") || !F32(info, 11, C, &doffset, "doffset")) {
    return env.Undefined();
  }
  const int64_t rows = static_cast<int64_t>(n) / C;
  const double eps = info[5].ToNumber().DoubleValue();
  std::vector<double> sumDy(static_cast<size_t>(C), 0.0), sumDyXm(static_cast<size_t>(C), 0.0);
  DyMomentSums(rows, C, x, dy, mean, sumDy.data(), sumDyXm.data());
  std::vector<float> k1(static_cast<size_t>(C)), m1(static_cast<size_t>(C)), k2(static_cast<size_t>(C));
  std::vector<float> a(static_cast<size_t>(C)), b(static_cast<size_t>(C));
  for (int64_t c = 0; c < C; c++) {
    const double r = 1.0 / std::sqrt(static_cast<double>(variance[c]) + eps);
    const double g = scale != nullptr ? scale[c] : 1.0;
    doffset[c] = static_cast<float>(sumDy[c]);
    dscale[c] = static_cast<float>(r * sumDyXm[c]);
    k1[c] = static_cast<float>(g * r);
    m1[c] = static_cast<float>(sumDy[c] / static_cast<double>(rows));
    k2[c] = static_cast<float>(r * r * sumDyXm[c] / static_cast<double>(rows));
    a[c] = dmeanOut != nullptr ? static_cast<float>(dmeanOut[c] / static_cast<double>(rows)) : 0.0f;
    b[c] = dvarianceOut != nullptr ? static_cast<float>(2.0 * dvarianceOut[c] / static_cast<double>(rows)) : 0.0f;
  }
  TrainDxLoop(rows, C, x, dy, mean, k1.data(), m1.data(), k2.data(), a.data(), b.data(), dx);
  return env.Undefined();
}

// Binary cross-entropy of predictions p clipped to [lo, hi] against targets t, elementwise
// (src/main/engine/losses.ts):
//   bce(t, p, lo, hi, out):          out = −(t·log(pc) + (1 − t)·log(1 − pc)), pc = clip(p)
//     one pass with vectorised logf (fast-math.cc: not bit-identical to tfjs' Log); NaN in p
//     gives NaN, as the unfused ops do.
//   bceGrad(t, p, dy, lo, hi, out):  d/dp of the above times dy, float32 operation for operation
//     as tfjs' gradients of Neg, Add, Mul, Log, Sub and ClipByValue compute it (bit-identical):
//     out = lo ≤ p ≤ hi ? fl(−dy·t)/pc − fl(−dy·(1 − t))/(1 − pc) : 0.
__attribute__((hot, noinline)) void BceGradLoop(size_t n, const float* __restrict__ t, const float* __restrict__ p,
                                                const float* __restrict__ dy, float lo, float hi,
                                                float* __restrict__ out) {
  for (size_t i = 0; i < n; i++) {
    const float pi = p[i];
    const float pc = pi < lo ? lo : (pi > hi ? hi : pi);
    const float fromLog = (-dy[i] * t[i]) / pc;
    const float fromLog1m = (-dy[i] * (1.0f - t[i])) / (1.0f - pc);
    out[i] = (pi >= lo && pi <= hi) ? fromLog + -fromLog1m : 0.0f;
  }
}

Napi::Value Bce(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  if (info.Length() != 5 || !info[0].IsTypedArray()) {
    Fail(env, "bce expects (t, p, lo, hi, out)");
    return env.Undefined();
  }
  const size_t n = info[0].As<Napi::TypedArray>().ElementLength();
  float *t, *p, *out;
  if (!F32(info, 0, n, &t, "t") || !F32(info, 1, n, &p, "p") || !F32(info, 4, n, &out, "out")) return env.Undefined();
  const float lo = static_cast<float>(info[2].ToNumber().DoubleValue());
  const float hi = static_cast<float>(info[3].ToNumber().DoubleValue());
  latent_lab::BceLoop(n, t, p, lo, hi, out);
  for (size_t i = 0; i < n; i++) {
    if (std::isnan(p[i]) || std::isnan(t[i])) out[i] = std::numeric_limits<float>::quiet_NaN();
  }
  return env.Undefined();
}

Napi::Value BceGrad(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  if (info.Length() != 6 || !info[0].IsTypedArray()) {
    Fail(env, "bceGrad expects (t, p, dy, lo, hi, out)");
    return env.Undefined();
  }
  const size_t n = info[0].As<Napi::TypedArray>().ElementLength();
  float *t, *p, *dy, *out;
  if (!F32(info, 0, n, &t, "t") || !F32(info, 1, n, &p, "p") || !F32(info, 2, n, &dy, "dy") ||
      !F32(info, 5, n, &out, "out")) {
    return env.Undefined();
  }
  const float lo = static_cast<float>(info[3].ToNumber().DoubleValue());
  const float hi = static_cast<float>(info[4].ToNumber().DoubleValue());
  BceGradLoop(n, t, p, dy, lo, hi, out);
  return env.Undefined();
}

// ---------------------------------------------------------------------------------------------
// Convolution, NHWC, filter [fh, fw, inC, outC] (tfjs' layouts), through im2col + GEMM.
// The geometry is the forward convolution's, as an array of 15 integers:
//   batch, inH, inW, inC, outH, outW, outC, fH, fW, strideH, strideW, dilH, dilW, padTop, padLeft.
// Patches are built a few images at a time into a per-thread scratch buffer (at most
// kScratchFloats floats, or one image's patches when that is larger).

struct Geometry {
  int64_t batch, inH, inW, inC, outH, outW, outC, fH, fW, sH, sW, dH, dW, padTop, padLeft;
  int64_t K() const { return fH * fW * inC; }
  int64_t PixelsPerImage() const { return outH * outW; }
  bool Pointwise() const {
    return fH == 1 && fW == 1 && sH == 1 && sW == 1 && padTop == 0 && padLeft == 0 && outH == inH && outW == inW;
  }
};

constexpr int64_t kScratchFloats = 4 << 20;  // 16 MiB
thread_local std::vector<float> scratch;

bool ReadGeometry(const Napi::CallbackInfo& info, size_t i, Geometry* g) {
  Napi::Env env = info.Env();
  if (!info[i].IsArray()) return Fail(env, "geometry must be an array of 15 integers");
  Napi::Array arr = info[i].As<Napi::Array>();
  if (arr.Length() != 15) return Fail(env, "geometry must be an array of 15 integers");
  int64_t v[15];
  for (uint32_t j = 0; j < 15; j++) {
    Napi::Value e = arr.Get(j);
    if (!e.IsNumber()) return Fail(env, "geometry must be an array of 15 integers");
    double d = e.As<Napi::Number>().DoubleValue();
    if (!(d >= 0) || d != std::floor(d) || d > 2147483647.0) return Fail(env, "geometry entries must be non-negative integers");
    v[j] = static_cast<int64_t>(d);
  }
  *g = Geometry{v[0], v[1], v[2], v[3], v[4], v[5], v[6], v[7], v[8], v[9], v[10], v[11], v[12], v[13], v[14]};
  if (g->sH == 0 || g->sW == 0 || g->dH == 0 || g->dW == 0) return Fail(env, "strides and dilations must be positive");
  return true;
}

int64_t ImagesPerChunk(const Geometry& g) {
  int64_t perImage = std::max<int64_t>(1, g.PixelsPerImage() * g.K());
  return std::max<int64_t>(1, std::min(g.batch, kScratchFloats / perImage));
}

float* Scratch(int64_t floats) {
  if (static_cast<int64_t>(scratch.size()) < floats) scratch.resize(static_cast<size_t>(floats));
  return scratch.data();
}

// Patches of images [b0, b0+count) as rows [pixel, (kh, kw, ci)].
void Im2Col(const Geometry& g, const float* x, int64_t b0, int64_t count, float* cols) {
  const int64_t K = g.K();
  for (int64_t b = b0; b < b0 + count; b++) {
    const float* image = x + b * g.inH * g.inW * g.inC;
    for (int64_t oh = 0; oh < g.outH; oh++) {
      for (int64_t ow = 0; ow < g.outW; ow++) {
        float* row = cols + (((b - b0) * g.outH + oh) * g.outW + ow) * K;
        for (int64_t kh = 0; kh < g.fH; kh++) {
          const int64_t ih = oh * g.sH + kh * g.dH - g.padTop;
          for (int64_t kw = 0; kw < g.fW; kw++) {
            const int64_t iw = ow * g.sW + kw * g.dW - g.padLeft;
            float* dst = row + (kh * g.fW + kw) * g.inC;
            if (ih < 0 || ih >= g.inH || iw < 0 || iw >= g.inW) {
              std::memset(dst, 0, sizeof(float) * g.inC);
            } else {
              std::memcpy(dst, image + (ih * g.inW + iw) * g.inC, sizeof(float) * g.inC);
            }
          }
        }
      }
    }
  }
}

// Adds patch rows back into images [b0, b0+count) of dx (the adjoint of Im2Col).
void Col2ImAdd(const Geometry& g, const float* cols, int64_t b0, int64_t count, float* dx) {
  const int64_t K = g.K();
  for (int64_t b = b0; b < b0 + count; b++) {
    float* image = dx + b * g.inH * g.inW * g.inC;
    for (int64_t oh = 0; oh < g.outH; oh++) {
      for (int64_t ow = 0; ow < g.outW; ow++) {
        const float* row = cols + (((b - b0) * g.outH + oh) * g.outW + ow) * K;
        for (int64_t kh = 0; kh < g.fH; kh++) {
          const int64_t ih = oh * g.sH + kh * g.dH - g.padTop;
          if (ih < 0 || ih >= g.inH) continue;
          for (int64_t kw = 0; kw < g.fW; kw++) {
            const int64_t iw = ow * g.sW + kw * g.dW - g.padLeft;
            if (iw < 0 || iw >= g.inW) continue;
            const float* src = row + (kh * g.fW + kw) * g.inC;
            float* dst = image + (ih * g.inW + iw) * g.inC;
            for (int64_t ci = 0; ci < g.inC; ci++) dst[ci] += src[ci];
          }
        }
      }
    }
  }
}

// conv2d(x, filter, out, geometry): out = conv(x, filter), no bias.
Napi::Value Conv2D(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  Geometry g;
  if (info.Length() != 4 || !ReadGeometry(info, 3, &g)) {
    if (!env.IsExceptionPending()) Fail(env, "conv2d expects (x, filter, out, geometry)");
    return env.Undefined();
  }
  float *x, *w, *out;
  if (!F32(info, 0, g.batch * g.inH * g.inW * g.inC, &x, "x") || !F32(info, 1, g.K() * g.outC, &w, "filter") ||
      !F32(info, 2, g.batch * g.PixelsPerImage() * g.outC, &out, "out")) {
    return env.Undefined();
  }
  const int64_t P = g.PixelsPerImage();
  if (g.Pointwise()) {
    Sgemm(false, false, g.batch * P, g.outC, g.inC, x, w, 0.0f, out);
    return env.Undefined();
  }
  const int64_t chunk = ImagesPerChunk(g);
  float* cols = Scratch(chunk * P * g.K());
  for (int64_t b0 = 0; b0 < g.batch; b0 += chunk) {
    const int64_t count = std::min(chunk, g.batch - b0);
    Im2Col(g, x, b0, count, cols);
    Sgemm(false, false, count * P, g.outC, g.K(), cols, w, 0.0f, out + b0 * P * g.outC);
  }
  return env.Undefined();
}

// conv2dBackpropInput(dy, filter, dx, geometry): dx = d(conv)/dx applied to dy (dx is overwritten).
Napi::Value Conv2DBackpropInput(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  Geometry g;
  if (info.Length() != 4 || !ReadGeometry(info, 3, &g)) {
    if (!env.IsExceptionPending()) Fail(env, "conv2dBackpropInput expects (dy, filter, dx, geometry)");
    return env.Undefined();
  }
  float *dy, *w, *dx;
  if (!F32(info, 0, g.batch * g.PixelsPerImage() * g.outC, &dy, "dy") || !F32(info, 1, g.K() * g.outC, &w, "filter") ||
      !F32(info, 2, g.batch * g.inH * g.inW * g.inC, &dx, "dx")) {
    return env.Undefined();
  }
  const int64_t P = g.PixelsPerImage();
  if (g.Pointwise()) {
    Sgemm(false, true, g.batch * P, g.inC, g.outC, dy, w, 0.0f, dx);
    return env.Undefined();
  }
  std::fill(dx, dx + g.batch * g.inH * g.inW * g.inC, 0.0f);
  const int64_t chunk = ImagesPerChunk(g);
  float* cols = Scratch(chunk * P * g.K());
  for (int64_t b0 = 0; b0 < g.batch; b0 += chunk) {
    const int64_t count = std::min(chunk, g.batch - b0);
    Sgemm(false, true, count * P, g.K(), g.outC, dy + b0 * P * g.outC, w, 0.0f, cols);
    Col2ImAdd(g, cols, b0, count, dx);
  }
  return env.Undefined();
}

// conv2dBackpropFilter(x, dy, dw, geometry): dw = d(conv)/dfilter applied to dy (overwritten).
Napi::Value Conv2DBackpropFilter(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  Geometry g;
  if (info.Length() != 4 || !ReadGeometry(info, 3, &g)) {
    if (!env.IsExceptionPending()) Fail(env, "conv2dBackpropFilter expects (x, dy, dw, geometry)");
    return env.Undefined();
  }
  float *x, *dy, *dw;
  if (!F32(info, 0, g.batch * g.inH * g.inW * g.inC, &x, "x") ||
      !F32(info, 1, g.batch * g.PixelsPerImage() * g.outC, &dy, "dy") || !F32(info, 2, g.K() * g.outC, &dw, "dw")) {
    return env.Undefined();
  }
  const int64_t P = g.PixelsPerImage();
  if (g.Pointwise()) {
    Sgemm(true, false, g.inC, g.outC, g.batch * P, x, dy, 0.0f, dw);
    return env.Undefined();
  }
  if (g.batch == 0) {
    std::fill(dw, dw + g.K() * g.outC, 0.0f);
    return env.Undefined();
  }
  const int64_t chunk = ImagesPerChunk(g);
  float* cols = Scratch(chunk * P * g.K());
  for (int64_t b0 = 0; b0 < g.batch; b0 += chunk) {
    const int64_t count = std::min(chunk, g.batch - b0);
    Im2Col(g, x, b0, count, cols);
    Sgemm(true, false, g.K(), g.outC, count * P, cols, dy + b0 * P * g.outC, b0 == 0 ? 0.0f : 1.0f, dw);
  }
  return env.Undefined();
}

// ---------------------------------------------------------------------------------------------
// Library description and threads.

std::string Config() {
#ifdef LL_ACCELERATE
  return "Accelerate";
#else
  const char* config = openblas_get_config();
  return config != nullptr ? std::string(config) : std::string("OpenBLAS");
#endif
}

// info(): { library, version, config, threads, baseThreads, activeTrainers }
Napi::Value Info(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  Napi::Object out = Napi::Object::New(env);
  std::lock_guard<std::mutex> lock(threadsMutex);
  if (baseThreads == 0) ApplyThreadsLocked();
  std::string config = Config();
#ifdef LL_ACCELERATE
  out.Set("library", "Accelerate");
  out.Set("version", env.Null());
#else
  out.Set("library", "OpenBLAS");
  // openblas_get_config() starts "OpenBLAS 0.3.21 DYNAMIC_ARCH NO_AFFINITY SkylakeX MAX_THREADS=64".
  std::string version;
  if (config.rfind("OpenBLAS ", 0) == 0) {
    size_t end = config.find(' ', 9);
    version = config.substr(9, end == std::string::npos ? std::string::npos : end - 9);
  }
  out.Set("version", version.empty() ? env.Null() : Napi::String::New(env, version));
#endif
  out.Set("config", config);
  out.Set("threads", currentThreads);
  out.Set("baseThreads", baseThreads);
  out.Set("activeTrainers", activeTrainers);
  return out;
}

// Per-environment state: whether this environment holds a trainer registration.
struct EnvState {
  bool acquired = false;
};

void ReleaseLocked(EnvState* state) {
  if (state->acquired) {
    state->acquired = false;
    activeTrainers--;
    ApplyThreadsLocked();
  }
}

// acquire(): this environment trains; the thread count is shared among training environments.
// Released by release() or when the environment (worker thread) ends. Idempotent.
Napi::Value Acquire(const Napi::CallbackInfo& info) {
  EnvState* state = info.Env().GetInstanceData<EnvState>();
  std::lock_guard<std::mutex> lock(threadsMutex);
  if (!state->acquired) {
    state->acquired = true;
    activeTrainers++;
  }
  ApplyThreadsLocked();
  return Napi::Number::New(info.Env(), currentThreads);
}

Napi::Value Release(const Napi::CallbackInfo& info) {
  EnvState* state = info.Env().GetInstanceData<EnvState>();
  std::lock_guard<std::mutex> lock(threadsMutex);
  ReleaseLocked(state);
  return Napi::Number::New(info.Env(), currentThreads);
}

// setThreads(n): base thread count (before sharing among trainers); 0 restores the default.
Napi::Value SetThreads(const Napi::CallbackInfo& info) {
  int64_t n;
  if (!Int(info, 0, &n, "threads")) return info.Env().Undefined();
  std::lock_guard<std::mutex> lock(threadsMutex);
  baseThreads = n == 0 ? DefaultThreads() : static_cast<int>(n);
  ApplyThreadsLocked();
  return Napi::Number::New(info.Env(), currentThreads);
}

void FreeEnvState(Napi::Env, EnvState* state) {
  {
    std::lock_guard<std::mutex> lock(threadsMutex);
    ReleaseLocked(state);
  }
  delete state;
}

Napi::Object Init(Napi::Env env, Napi::Object exports) {
  env.SetInstanceData<EnvState, FreeEnvState>(new EnvState());
  {
    std::lock_guard<std::mutex> lock(threadsMutex);
    if (baseThreads == 0) ApplyThreadsLocked();
  }
  exports.Set("gemm", Napi::Function::New(env, Flushed<Gemm>, "gemm"));
  exports.Set("epilogue", Napi::Function::New(env, Flushed<Epilogue>, "epilogue"));
  exports.Set("conv2d", Napi::Function::New(env, Flushed<Conv2D>, "conv2d"));
  exports.Set("conv2dBackpropInput", Napi::Function::New(env, Flushed<Conv2DBackpropInput>, "conv2dBackpropInput"));
  exports.Set("conv2dBackpropFilter", Napi::Function::New(env, Flushed<Conv2DBackpropFilter>, "conv2dBackpropFilter"));
  exports.Set("columnSums", Napi::Function::New(env, Flushed<ColumnSums>, "columnSums"));
  exports.Set("leakyRelu", Napi::Function::New(env, Flushed<LeakyRelu>, "leakyRelu"));
  exports.Set("leakyReluGrad", Napi::Function::New(env, Flushed<LeakyReluGrad>, "leakyReluGrad"));
  exports.Set("squareGrad", Napi::Function::New(env, Flushed<SquareGrad>, "squareGrad"));
  exports.Set("batchNorm", Napi::Function::New(env, Flushed<BatchNorm>, "batchNorm"));
  exports.Set("batchNormGrad", Napi::Function::New(env, Flushed<BatchNormGrad>, "batchNormGrad"));
  exports.Set("batchNormMoments", Napi::Function::New(env, Flushed<BatchNormMoments>, "batchNormMoments"));
  exports.Set("batchNormTrainGrad", Napi::Function::New(env, Flushed<BatchNormTrainGrad>, "batchNormTrainGrad"));
  exports.Set("addRow", Napi::Function::New(env, Flushed<AddRow>, "addRow"));
  exports.Set("adam", Napi::Function::New(env, Flushed<Adam>, "adam"));
  exports.Set("bce", Napi::Function::New(env, Flushed<Bce>, "bce"));
  exports.Set("bceGrad", Napi::Function::New(env, Flushed<BceGrad>, "bceGrad"));
  exports.Set("sigmoidGrad", Napi::Function::New(env, Flushed<SigmoidGrad>, "sigmoidGrad"));
  exports.Set("squaredDifferenceGrad", Napi::Function::New(env, Flushed<SquaredDifferenceGrad>, "squaredDifferenceGrad"));
  exports.Set("info", Napi::Function::New(env, Info, "info"));
  exports.Set("acquire", Napi::Function::New(env, Acquire, "acquire"));
  exports.Set("release", Napi::Function::New(env, Release, "release"));
  exports.Set("setThreads", Napi::Function::New(env, SetThreads, "setThreads"));
  return exports;
}

}  // namespace

NODE_API_MODULE(latent_lab_blas, Init)
