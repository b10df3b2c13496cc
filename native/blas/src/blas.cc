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

#include "common.h"
#include "conv.h"

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

using latent_lab::ExportBatchNorm;
using latent_lab::ExportElementwise;
using latent_lab::F32;
using latent_lab::Fail;
using latent_lab::Flushed;
using latent_lab::Int;

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

}  // namespace

int latent_lab::SharedBlasThreads() { return currentThreadsShared.load(std::memory_order_relaxed); }

namespace {

void ApplyThreadsLocked() {
  if (baseThreads == 0) baseThreads = DefaultThreads();
  int n = std::max(1, baseThreads / std::max(1, activeTrainers));
  currentThreads = n;
  currentThreadsShared.store(n, std::memory_order_relaxed);
}

// Products smaller than this many multiply-adds run on one thread: measured here (AVX-512,
// ~150 GFLOP/s on one core), a second thread loses on small products (32x784x128: 49 us on one
// thread, 61 us on two; the dense AE's 128x784x128 steps 2.13 ms wall on one, 2.36 ms with 2:
// OpenBLAS's idle threads spin on the core the JavaScript between products needs). Square-ish
// products from half of it up gain from a second thread (Fashion GAN b256, 256x256x512: step 24.3
// -> 22.4 ms), skinny ones do not (conv AE b128, whose im2col products have few output channels:
// 52-54 ms on one thread, 57-58 ms on two): see UseParallel. Larger ones use the shared thread count.
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
// Whether a product of m x k by k x n goes to the shared thread count: from ParallelWork()
// multiply-adds, or from half of it when every dimension is at least 128.
bool UseParallel(int64_t m, int64_t n, int64_t k) {
  const int64_t work = m * n * k;
  return work >= ParallelWork() || (work >= ParallelWork() / 2 && std::min({m, n, k}) >= 128);
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
  const bool parallel = UseParallel(m, n, k);
  UseThreads(parallel ? currentThreadsShared.load(std::memory_order_relaxed) : 1);
  if (parallel) latent_lab::NoteParallelProduct();
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
// The BLAS worker threads and subnormals (see FlushDenormals in common.h).
#ifdef LL_OPENBLAS
// OpenBLAS's own (weak: absent from other BLAS builds). Its worker threads started when the library
// loaded, with the default register; after a shutdown the next multi-threaded call starts them
// again from inside a flushed call, and new threads inherit the creating thread's FP environment.
extern "C" int blas_thread_shutdown_(void) __attribute__((weak));
#endif

// Once per process, before any product ran on the BLAS threads (the first load of the addon).
void FlushBlasThreads() {
#ifdef LL_OPENBLAS
  static std::once_flag once;
  std::call_once(once, [] {
    if (latent_lab::FlushWanted() && blas_thread_shutdown_ != nullptr) blas_thread_shutdown_();
  });
#endif
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
// The loops live in a hot function of their own (LL_HOT_LOOP) so that GCC vectorises them
// (selects, not branches; see LeakyReluLoop).
LL_HOT_LOOP void EpilogueLoop(int64_t rows, int64_t cols, float* c, const float* bias, int64_t act,
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
  const float alpha = static_cast<float>(info[5].ToNumber().DoubleValue());
  latent_lab::ParallelRows(static_cast<size_t>(rows), cols, [&](size_t b, size_t e) {
    EpilogueLoop(static_cast<int64_t>(e - b), cols, c + b * cols, bias, act, alpha);
  });
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
  latent_lab::HalvesColumnSums(static_cast<size_t>(rows), cols, static_cast<size_t>(cols), acc.data(), [&](size_t first, size_t last, double* sums) {
    for (size_t r = first; r < last; r++) {
      const float* row = x + r * cols;
      for (int64_t c = 0; c < cols; c++) sums[c] += row[c];
    }
  });
  for (int64_t c = 0; c < cols; c++) out[c] = static_cast<float>(acc[c] * scale);
  return env.Undefined();
}

// The loop of adam() below, one instance per weight decay mode so that it vectorises (the
// outputs are new tensors: no pointer aliases another); LL_HOT_LOOP (common.h) keeps it vectorised.
template <bool kCoupled, bool kDecoupled>
LL_HOT_LOOP void AdamLoop(size_t n, const float* __restrict__ w, const float* __restrict__ g, const float* __restrict__ m,
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
  latent_lab::ParallelRange(n, [&](size_t b, size_t e) {
    const size_t k = e - b;
    if (coupled && decoupled) AdamLoop<true, true>(k, w + b, g + b, m + b, v + b, wOut + b, mOut + b, vOut + b, p);
    else if (coupled) AdamLoop<true, false>(k, w + b, g + b, m + b, v + b, wOut + b, mOut + b, vOut + b, p);
    else if (decoupled) AdamLoop<false, true>(k, w + b, g + b, m + b, v + b, wOut + b, mOut + b, vOut + b, p);
    else AdamLoop<false, false>(k, w + b, g + b, m + b, v + b, wOut + b, mOut + b, vOut + b, p);
  });
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
LL_HOT_LOOP void BceGradLoop(size_t n, const float* __restrict__ t, const float* __restrict__ p,
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
  latent_lab::ParallelRange(n, [&](size_t b, size_t e) {
    latent_lab::BceLoop(e - b, t + b, p + b, lo, hi, out + b);
    for (size_t i = b; i < e; i++) {
      if (std::isnan(p[i]) || std::isnan(t[i])) out[i] = std::numeric_limits<float>::quiet_NaN();
    }
  });
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
  latent_lab::ParallelRange(n, [&](size_t b, size_t e) { BceGradLoop(e - b, t + b, p + b, dy + b, lo, hi, out + b); });
  return env.Undefined();
}

// ---------------------------------------------------------------------------------------------
// Convolution, NHWC, filter [fh, fw, inC, outC] (tfjs' layouts), through im2col + GEMM.
// The geometry is the forward convolution's, as an array of 15 integers:
//   batch, inH, inW, inC, outH, outW, outC, fH, fW, strideH, strideW, dilH, dilW, padTop, padLeft.
// Convolutions with a handful of output channels take direct loops instead (conv-direct.cc).
// Patches are built a few images at a time into a per-thread scratch buffer (at most
// kScratchFloats floats, or one image's patches when that is larger).

using latent_lab::Geometry;

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

// Copies n floats: a loop GCC inlines and vectorises (a patch row's pieces are a few floats each:
// a memcpy call per 3-channel pixel cost more than the copy; the first conv of the CIFAR AE
// spent 20 of its 29 ms building patches).
inline void CopyFloats(float* __restrict__ dst, const float* __restrict__ src, int64_t n) {
  for (int64_t i = 0; i < n; i++) dst[i] = src[i];
}

// Patches of images [b0, b0+count) as rows [pixel, (kh, kw, ci)].
void Im2Col(const Geometry& g, const float* x, int64_t b0, int64_t count, float* cols) {
  const int64_t K = g.K();
  const int64_t rowRun = g.fW * g.inC;  // a filter row's (kw, ci) block, contiguous in x when dW = 1
  for (int64_t b = b0; b < b0 + count; b++) {
    const float* image = x + b * g.inH * g.inW * g.inC;
    for (int64_t oh = 0; oh < g.outH; oh++) {
      for (int64_t ow = 0; ow < g.outW; ow++) {
        float* row = cols + (((b - b0) * g.outH + oh) * g.outW + ow) * K;
        const int64_t iw0 = ow * g.sW - g.padLeft;
        const bool wholeRun = g.dW == 1 && iw0 >= 0 && iw0 + g.fW <= g.inW;
        for (int64_t kh = 0; kh < g.fH; kh++) {
          const int64_t ih = oh * g.sH + kh * g.dH - g.padTop;
          if (wholeRun) {
            float* dst = row + kh * rowRun;
            if (ih < 0 || ih >= g.inH) {
              std::fill(dst, dst + rowRun, 0.0f);
            } else {
              CopyFloats(dst, image + (ih * g.inW + iw0) * g.inC, rowRun);
            }
            continue;
          }
          for (int64_t kw = 0; kw < g.fW; kw++) {
            const int64_t iw = ow * g.sW + kw * g.dW - g.padLeft;
            float* dst = row + (kh * g.fW + kw) * g.inC;
            if (ih < 0 || ih >= g.inH || iw < 0 || iw >= g.inW) {
              std::fill(dst, dst + g.inC, 0.0f);
            } else {
              CopyFloats(dst, image + (ih * g.inW + iw) * g.inC, g.inC);
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

// Im2Col of images [b0, b0+count), the two halves of the images on two cores where available.
void Im2ColSplit(const Geometry& g, const float* x, int64_t b0, int64_t count, float* cols) {
  const int64_t rowFloats = g.PixelsPerImage() * g.K();
  latent_lab::ParallelRows(static_cast<size_t>(count), rowFloats, [&](size_t first, size_t last) {
    Im2Col(g, x, b0 + static_cast<int64_t>(first), static_cast<int64_t>(last - first), cols + static_cast<int64_t>(first) * rowFloats);
  });
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
  if (latent_lab::DirectConvPreferred(g)) {
    latent_lab::DirectConv2D(g, x, w, out);
    return env.Undefined();
  }
  const int64_t chunk = ImagesPerChunk(g);
  float* cols = Scratch(chunk * P * g.K());
  for (int64_t b0 = 0; b0 < g.batch; b0 += chunk) {
    const int64_t count = std::min(chunk, g.batch - b0);
    Im2ColSplit(g, x, b0, count, cols);
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
  if (latent_lab::DirectConvPreferred(g)) {
    latent_lab::DirectConv2DBackpropInput(g, dy, w, dx);
    return env.Undefined();
  }
  std::fill(dx, dx + g.batch * g.inH * g.inW * g.inC, 0.0f);
  const int64_t chunk = ImagesPerChunk(g);
  float* cols = Scratch(chunk * P * g.K());
  for (int64_t b0 = 0; b0 < g.batch; b0 += chunk) {
    const int64_t count = std::min(chunk, g.batch - b0);
    Sgemm(false, true, count * P, g.K(), g.outC, dy + b0 * P * g.outC, w, 0.0f, cols);
    // Images apart: each half adds into its own images of dx, in the same order as one loop.
    latent_lab::ParallelRows(static_cast<size_t>(count), P * g.K(), [&](size_t first, size_t last) {
      Col2ImAdd(g, cols + static_cast<int64_t>(first) * P * g.K(), b0 + static_cast<int64_t>(first), static_cast<int64_t>(last - first), dx);
    });
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
  if (latent_lab::DirectConvPreferred(g)) {
    latent_lab::DirectConv2DBackpropFilter(g, x, dy, dw);
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
    Im2ColSplit(g, x, b0, count, cols);
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
  out.Set("split", latent_lab::SplitSupported());
  return out;
}

// setSplitMode(mode): 0 splits element-wise loops while the BLAS worker is awake (the default),
// 1 whenever the split is supported, 2 never (split.cc). For tests and measurements.
Napi::Value SetSplitMode(const Napi::CallbackInfo& info) {
  int64_t mode;
  if (!Int(info, 0, &mode, "mode")) return info.Env().Undefined();
  if (mode > latent_lab::kSplitNever) {
    Fail(info.Env(), "setSplitMode: mode must be 0 (auto), 1 (always) or 2 (never)");
    return info.Env().Undefined();
  }
  latent_lab::SetSplitMode(static_cast<int>(mode));
  return info.Env().Undefined();
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
  FlushBlasThreads();
  exports.Set("gemm", Napi::Function::New(env, Flushed<Gemm>, "gemm"));
  exports.Set("epilogue", Napi::Function::New(env, Flushed<Epilogue>, "epilogue"));
  exports.Set("conv2d", Napi::Function::New(env, Flushed<Conv2D>, "conv2d"));
  exports.Set("conv2dBackpropInput", Napi::Function::New(env, Flushed<Conv2DBackpropInput>, "conv2dBackpropInput"));
  exports.Set("conv2dBackpropFilter", Napi::Function::New(env, Flushed<Conv2DBackpropFilter>, "conv2dBackpropFilter"));
  exports.Set("columnSums", Napi::Function::New(env, Flushed<ColumnSums>, "columnSums"));
  ExportElementwise(env, exports);
  ExportBatchNorm(env, exports);
  exports.Set("adam", Napi::Function::New(env, Flushed<Adam>, "adam"));
  exports.Set("bce", Napi::Function::New(env, Flushed<Bce>, "bce"));
  exports.Set("bceGrad", Napi::Function::New(env, Flushed<BceGrad>, "bceGrad"));
  exports.Set("info", Napi::Function::New(env, Info, "info"));
  exports.Set("acquire", Napi::Function::New(env, Acquire, "acquire"));
  exports.Set("release", Napi::Function::New(env, Release, "release"));
  exports.Set("setThreads", Napi::Function::New(env, SetThreads, "setThreads"));
  exports.Set("setSplitMode", Napi::Function::New(env, SetSplitMode, "setSplitMode"));
  return exports;
}

}  // namespace

NODE_API_MODULE(latent_lab_blas, Init)
