// Element-wise kernels of the wasm backend's native path (see blas.cc for the conventions:
// Float32Array views of wasm-heap tensors, synchronous, every entry point Flushed): LeakyRelu,
// Sigmoid, SquaredDifference, the one-pass gradients of LeakyRelu, Square, Sigmoid and
// SquaredDifference, a bias add, the sum of a whole tensor and the row gather of a batch.
#include <napi.h>

#include <cstddef>
#include <cstdint>
#include <cstring>
#include <vector>

#include "common.h"

namespace latent_lab {

void ExpNegLoop(size_t n, const float* x, float* out);  // fast-math.cc
void BceLoop(size_t n, const float* t, const float* p, float lo, float hi, float* out);  // fast-math.cc

namespace {

// leakyRelu(x, alpha, out): out = x < 0 ? alpha * x : x, elementwise (out must not overlap x).
// The product is computed for every element and then selected: written as `v < 0 ? alpha * v : v`
// GCC may not speculate the multiply (it could trap, -ftrapping-math) and keeps a scalar loop
// with a data-dependent branch, ~5 ns per element on random signs (45 ms for 8M floats, against
// 2.5 ms for a copy). The same goes for every select below.
LL_HOT_LOOP void LeakyReluLoop(size_t n, const float* __restrict__ x, float alpha,
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
  ParallelRange(n, [&](size_t b, size_t e) { LeakyReluLoop(e - b, x + b, alpha, out + b); });
  return env.Undefined();
}

// leakyReluGrad(x, dy, alpha, out): out = x > 0 ? dy : dy * alpha, tfjs' gradient
// where(greater(x, 0), dy, mul(dy, alpha)) in one pass (bit-identical; NaN x takes dy * alpha).
LL_HOT_LOOP void LeakyReluGradLoop(size_t n, const float* __restrict__ x, const float* __restrict__ dy,
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
  const float alpha = static_cast<float>(info[2].ToNumber().DoubleValue());
  ParallelRange(n, [&](size_t b, size_t e) { LeakyReluGradLoop(e - b, x + b, dy + b, alpha, out + b); });
  return env.Undefined();
}

// squareGrad(x, dy, out): out = dy * (x * 2), tfjs' gradient of Square (mul(dy, mul(x, 2)))
// in one pass, bit-identical.
LL_HOT_LOOP void SquareGradLoop(size_t n, const float* __restrict__ x, const float* __restrict__ dy,
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
  ParallelRange(n, [&](size_t b, size_t e) { SquareGradLoop(e - b, x + b, dy + b, out + b); });
  return env.Undefined();
}

// Gradients of elementwise ops, one pass each instead of tfjs' three ops, float32 operation for
// operation as tfjs computes them (bit-identical; see src/main/engine/gradients.ts):
//   sigmoidGrad(y, dy, out):                 out = dy * (y * (1 - y))
//   squaredDifferenceGrad(a, b, dy, out):    out = dy * (2 * (a - b))
LL_HOT_LOOP void SigmoidGradLoop(size_t n, const float* __restrict__ y, const float* __restrict__ dy,
                                 float* __restrict__ out) {
  for (size_t i = 0; i < n; i++) out[i] = dy[i] * (y[i] * (1.0f - y[i]));
}

LL_HOT_LOOP void SquaredDifferenceGradLoop(size_t n, const float* __restrict__ a,
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
  ParallelRange(n, [&](size_t b, size_t e) { SigmoidGradLoop(e - b, y + b, dy + b, out + b); });
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
  ParallelRange(n, [&](size_t i, size_t e) { SquaredDifferenceGradLoop(e - i, a + i, b + i, dy + i, out + i); });
  return env.Undefined();
}

// addRow(x, rows, cols, v, out): out[r, c] = x[r, c] + v[c] (a bias over the last axis: the Add
// of tfjs-layers' biasAdd after Conv2DTranspose, which stock wasm broadcasts per element).
LL_HOT_LOOP void AddRowLoop(int64_t rows, int64_t cols, const float* __restrict__ x,
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
  ParallelRows(static_cast<size_t>(rows), cols, [&](size_t b, size_t e) {
    AddRowLoop(static_cast<int64_t>(e - b), cols, x + b * cols, v, out + b * cols);
  });
  return env.Undefined();
}

// sigmoid(x, out): out = 1 / (1 + exp(−x)), the exponential vectorised (ExpNegLoop, about 1 ulp;
// the stock wasm kernel is XNNPACK's polynomial, also within a few ulp), the division exact.
// Saturates to 0 and 1 for large |x|. NaN stays NaN (fast math assumes none: it is put back here).
#if defined(__x86_64__) && defined(__GNUC__) && !defined(__clang__)
__attribute__((target_clones("avx2", "default")))
#endif
void SigmoidFinishLoop(size_t n, const float* __restrict__ x, float* __restrict__ out) {
  for (size_t i = 0; i < n; i++) {
    const float s = 1.0f / (1.0f + out[i]);
    out[i] = x[i] != x[i] ? x[i] : s;
  }
}

Napi::Value Sigmoid(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  if (info.Length() != 2 || !info[0].IsTypedArray()) {
    Fail(env, "sigmoid expects (x, out)");
    return env.Undefined();
  }
  const size_t n = info[0].As<Napi::TypedArray>().ElementLength();
  float *x, *out;
  if (!F32(info, 0, n, &x, "x") || !F32(info, 1, n, &out, "out")) return env.Undefined();
  ParallelRange(n, [&](size_t b, size_t e) {
    ExpNegLoop(e - b, x + b, out + b);
    SigmoidFinishLoop(e - b, x + b, out + b);
  });
  return env.Undefined();
}

// squaredDifference(a, b, out): out = (a − b)·(a − b), as tfjs computes it (bit-identical).
LL_HOT_LOOP void SquaredDifferenceLoop(size_t n, const float* __restrict__ a,
                                       const float* __restrict__ b, float* __restrict__ out) {
  for (size_t i = 0; i < n; i++) {
    const float d = a[i] - b[i];
    out[i] = d * d;
  }
}

Napi::Value SquaredDifference(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  if (info.Length() != 3 || !info[0].IsTypedArray()) {
    Fail(env, "squaredDifference expects (a, b, out)");
    return env.Undefined();
  }
  const size_t n = info[0].As<Napi::TypedArray>().ElementLength();
  float *a, *b, *out;
  if (!F32(info, 0, n, &a, "a") || !F32(info, 1, n, &b, "b") || !F32(info, 2, n, &out, "out")) return env.Undefined();
  ParallelRange(n, [&](size_t i, size_t e) { SquaredDifferenceLoop(e - i, a + i, b + i, out + i); });
  return env.Undefined();
}

// sumAll(x): the sum of every element, accumulated in doubles (as tfjs' cpu backend does; the
// stock wasm Mean and Sum accumulate in float32, −1.2e-3 relative on an MNIST batch's squared
// errors) in 8 interleaved partial sums so that the adds pipeline.
LL_HOT_LOOP double SumAllLoop(size_t n, const float* __restrict__ x) {
  double acc[8] = {0, 0, 0, 0, 0, 0, 0, 0};
  size_t i = 0;
  for (; i + 8 <= n; i += 8) {
    for (int k = 0; k < 8; k++) acc[k] += x[i + k];
  }
  for (; i < n; i++) acc[0] += x[i];
  return ((acc[0] + acc[1]) + (acc[2] + acc[3])) + ((acc[4] + acc[5]) + (acc[6] + acc[7]));
}

Napi::Value SumAll(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  if (info.Length() != 1 || !info[0].IsTypedArray()) {
    Fail(env, "sumAll expects (x)");
    return env.Undefined();
  }
  const size_t n = info[0].As<Napi::TypedArray>().ElementLength();
  float* x;
  if (!F32(info, 0, n, &x, "x")) return env.Undefined();
  return Napi::Number::New(env, SumAllLoop(n, x));
}

// squaredDifferenceSum(a, b): Σ (a − b)·(a − b), each square in float32 as tfjs' SquaredDifference
// computes it and the sum accumulated exactly as SumAllLoop does (same 8 partial sums, same
// order), so that fl(sum / n) is bit-identical to Mean(SquaredDifference(a, b)) on this backend:
// the MSE loss in one pass, without writing the squared errors out.
LL_HOT_LOOP double SquaredDifferenceSumLoop(size_t n, const float* __restrict__ a, const float* __restrict__ b) {
  double acc[8] = {0, 0, 0, 0, 0, 0, 0, 0};
  size_t i = 0;
  for (; i + 8 <= n; i += 8) {
    for (int k = 0; k < 8; k++) {
      const float d = a[i + k] - b[i + k];
      acc[k] += d * d;
    }
  }
  for (; i < n; i++) {
    const float d = a[i] - b[i];
    acc[0] += d * d;
  }
  return ((acc[0] + acc[1]) + (acc[2] + acc[3])) + ((acc[4] + acc[5]) + (acc[6] + acc[7]));
}

Napi::Value SquaredDifferenceSum(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  if (info.Length() != 2 || !info[0].IsTypedArray()) {
    Fail(env, "squaredDifferenceSum expects (a, b)");
    return env.Undefined();
  }
  const size_t n = info[0].As<Napi::TypedArray>().ElementLength();
  float *a, *b;
  if (!F32(info, 0, n, &a, "a") || !F32(info, 1, n, &b, "b")) return env.Undefined();
  return Napi::Number::New(env, SquaredDifferenceSumLoop(n, a, b));
}

// scaledSquaredDifferenceGrad(a, b, s, out): out = s·(2·(a − b)), the SquaredDifference gradient for
// a under a mean (dy = s everywhere), float32 step by step as squaredDifferenceGrad with that dy.
LL_HOT_LOOP void ScaledSquaredDifferenceGradLoop(size_t n, const float* __restrict__ a, const float* __restrict__ b,
                                                 float s, float* __restrict__ out) {
  for (size_t i = 0; i < n; i++) out[i] = s * (2.0f * (a[i] - b[i]));
}

Napi::Value ScaledSquaredDifferenceGrad(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  if (info.Length() != 4 || !info[0].IsTypedArray()) {
    Fail(env, "scaledSquaredDifferenceGrad expects (a, b, s, out)");
    return env.Undefined();
  }
  const size_t n = info[0].As<Napi::TypedArray>().ElementLength();
  float *a, *b, *out;
  if (!F32(info, 0, n, &a, "a") || !F32(info, 1, n, &b, "b") || !F32(info, 3, n, &out, "out")) return env.Undefined();
  const float s = static_cast<float>(info[2].ToNumber().DoubleValue());
  ParallelRange(n, [&](size_t i, size_t e) { ScaledSquaredDifferenceGradLoop(e - i, a + i, b + i, s, out + i); });
  return env.Undefined();
}

// reluGrad(y, dy, out): out = dy·(y > 0 ? 1 : 0) from the ReLU's output y (y > 0 exactly where its
// input was): tfjs' Relu gradient mul(dy, step(x)) in one pass, bit-identical.
LL_HOT_LOOP void ReluGradLoop(size_t n, const float* __restrict__ y, const float* __restrict__ dy, float* __restrict__ out) {
  for (size_t i = 0; i < n; i++) out[i] = dy[i] * (y[i] > 0.0f ? 1.0f : 0.0f);
}

Napi::Value ReluGrad(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  if (info.Length() != 3 || !info[0].IsTypedArray()) {
    Fail(env, "reluGrad expects (y, dy, out)");
    return env.Undefined();
  }
  const size_t n = info[0].As<Napi::TypedArray>().ElementLength();
  float *y, *dy, *out;
  if (!F32(info, 0, n, &y, "y") || !F32(info, 1, n, &dy, "dy") || !F32(info, 2, n, &out, "out")) return env.Undefined();
  ParallelRange(n, [&](size_t b, size_t e) { ReluGradLoop(e - b, y + b, dy + b, out + b); });
  return env.Undefined();
}

// reconstructionStats(y, p, rows, cols, lo, hi, out): the evaluation metrics' sums of each sample
// (row) of targets y and predictions p, in one pass instead of about fifteen full-size ops:
//   out[r, 0] = Σ (y − p)²   out[r, 1] = Σ |y − p|   out[r, 2] = Σ bce(y, p clipped to [lo, hi])
//   out[r, 3] = how many values of y and p fall on different sides of 0.5
// Each term is computed as the unfused op computes it (the cross-entropy by BceLoop, as the bce
// kernel); the sums are accumulated in doubles per row. NaN in y or p gives NaN sums.
LL_HOT_LOOP void StatsRowLoop(size_t n, const float* __restrict__ y, const float* __restrict__ p,
                              const float* __restrict__ bce, double* __restrict__ sums) {
  double squared = 0, absolute = 0, crossEntropy = 0, wrong = 0;
  for (size_t i = 0; i < n; i++) {
    const float d = y[i] - p[i];
    squared += d * d;
    absolute += std::fabs(d);
    crossEntropy += d != d ? d : bce[i];  // BceLoop (fast math) assumes no NaN: NaN stays NaN here
    wrong += (y[i] > 0.5f) != (p[i] > 0.5f) ? 1.0 : 0.0;
  }
  sums[0] = squared;
  sums[1] = absolute;
  sums[2] = crossEntropy;
  sums[3] = wrong;
}

Napi::Value ReconstructionStats(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  if (info.Length() != 7) {
    Fail(env, "reconstructionStats expects (y, p, rows, cols, lo, hi, out)");
    return env.Undefined();
  }
  int64_t rows, cols;
  if (!Int(info, 2, &rows, "rows") || !Int(info, 3, &cols, "cols")) return env.Undefined();
  float *y, *p, *out;
  if (!F32(info, 0, rows * cols, &y, "y") || !F32(info, 1, rows * cols, &p, "p") || !F32(info, 6, rows * 4, &out, "out")) {
    return env.Undefined();
  }
  const float lo = static_cast<float>(info[4].ToNumber().DoubleValue());
  const float hi = static_cast<float>(info[5].ToNumber().DoubleValue());
  // Rows are independent: each half of them with its own scratch row.
  ParallelRows(static_cast<size_t>(rows), cols, [&](size_t first, size_t last) {
    std::vector<float> bce(static_cast<size_t>(cols));
    double sums[4];
    for (size_t r = first; r < last; r++) {
      const float* yr = y + r * cols;
      const float* pr = p + r * cols;
      BceLoop(static_cast<size_t>(cols), yr, pr, lo, hi, bce.data());
      StatsRowLoop(static_cast<size_t>(cols), yr, pr, bce.data(), sums);
      for (int k = 0; k < 4; k++) out[r * 4 + k] = static_cast<float>(sums[k]);
    }
  });
  return env.Undefined();
}

// rowSums(x, rows, cols, scale, out): out[r] = scale · Σ_c x[r, c], accumulated in doubles (a sum
// over the trailing axes: a VAE's reconstruction error per sample).
Napi::Value RowSums(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  if (info.Length() != 5) {
    Fail(env, "rowSums expects (x, rows, cols, scale, out)");
    return env.Undefined();
  }
  int64_t rows, cols;
  if (!Int(info, 1, &rows, "rows") || !Int(info, 2, &cols, "cols")) return env.Undefined();
  float *x, *out;
  if (!F32(info, 0, rows * cols, &x, "x") || !F32(info, 4, rows, &out, "out")) return env.Undefined();
  const double scale = info[3].ToNumber().DoubleValue();
  ParallelRows(static_cast<size_t>(rows), cols, [&](size_t first, size_t last) {
    for (size_t r = first; r < last; r++) out[r] = static_cast<float>(SumAllLoop(static_cast<size_t>(cols), x + r * cols) * scale);
  });
  return env.Undefined();
}

// gatherRows(x, rowLength, indices, out): out row i = x row indices[i] (rows of rowLength floats),
// one memcpy per row: a training batch taken from the dataset. Every index is checked first.
Napi::Value GatherRows(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  if (info.Length() != 4 || !info[0].IsTypedArray() || !info[2].IsTypedArray() ||
      info[2].As<Napi::TypedArray>().TypedArrayType() != napi_int32_array) {
    Fail(env, "gatherRows expects (x, rowLength, indices: Int32Array, out)");
    return env.Undefined();
  }
  int64_t rowLength;
  if (!Int(info, 1, &rowLength, "rowLength")) return env.Undefined();
  Napi::Int32Array indices = info[2].As<Napi::Int32Array>();
  const size_t count = indices.ElementLength();
  const size_t xLength = info[0].As<Napi::TypedArray>().ElementLength();
  const int64_t rows = rowLength > 0 ? static_cast<int64_t>(xLength) / rowLength : 0;
  float *x, *out;
  if (!F32(info, 0, 0, &x, "x") || !F32(info, 3, count * rowLength, &out, "out")) return env.Undefined();
  const int32_t* index = indices.Data();
  for (size_t i = 0; i < count; i++) {
    if (index[i] < 0 || index[i] >= rows) {
      Fail(env, "gatherRows: index " + std::to_string(index[i]) + " is not in [0, " + std::to_string(rows - 1) + "]");
      return env.Undefined();
    }
  }
  const size_t bytes = static_cast<size_t>(rowLength) * sizeof(float);
  ParallelRows(count, rowLength, [&](size_t first, size_t last) {
    for (size_t i = first; i < last; i++) std::memcpy(out + i * rowLength, x + static_cast<int64_t>(index[i]) * rowLength, bytes);
  });
  return env.Undefined();
}

}  // namespace

void ExportElementwise(Napi::Env env, Napi::Object exports) {
  exports.Set("leakyRelu", Napi::Function::New(env, Flushed<LeakyRelu>, "leakyRelu"));
  exports.Set("leakyReluGrad", Napi::Function::New(env, Flushed<LeakyReluGrad>, "leakyReluGrad"));
  exports.Set("squareGrad", Napi::Function::New(env, Flushed<SquareGrad>, "squareGrad"));
  exports.Set("sigmoidGrad", Napi::Function::New(env, Flushed<SigmoidGrad>, "sigmoidGrad"));
  exports.Set("squaredDifferenceGrad", Napi::Function::New(env, Flushed<SquaredDifferenceGrad>, "squaredDifferenceGrad"));
  exports.Set("addRow", Napi::Function::New(env, Flushed<AddRow>, "addRow"));
  exports.Set("sigmoid", Napi::Function::New(env, Flushed<Sigmoid>, "sigmoid"));
  exports.Set("squaredDifference", Napi::Function::New(env, Flushed<SquaredDifference>, "squaredDifference"));
  exports.Set("sumAll", Napi::Function::New(env, Flushed<SumAll>, "sumAll"));
  exports.Set("rowSums", Napi::Function::New(env, Flushed<RowSums>, "rowSums"));
  exports.Set("squaredDifferenceSum", Napi::Function::New(env, Flushed<SquaredDifferenceSum>, "squaredDifferenceSum"));
  exports.Set("scaledSquaredDifferenceGrad",
              Napi::Function::New(env, Flushed<ScaledSquaredDifferenceGrad>, "scaledSquaredDifferenceGrad"));
  exports.Set("reconstructionStats", Napi::Function::New(env, Flushed<ReconstructionStats>, "reconstructionStats"));
  exports.Set("reluGrad", Napi::Function::New(env, Flushed<ReluGrad>, "reluGrad"));
  exports.Set("gatherRows", Napi::Function::New(env, Flushed<GatherRows>, "gatherRows"));
}

}  // namespace latent_lab
