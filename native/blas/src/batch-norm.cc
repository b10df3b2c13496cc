// Batch normalisation kernels of the wasm backend's native path (see blas.cc for the conventions:
// Float32Array views of wasm-heap tensors, synchronous, every entry point Flushed).
#include <napi.h>

#include <algorithm>
#include <cmath>
#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

#include "common.h"

namespace latent_lab {
namespace {

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

LL_HOT_LOOP void BatchNormLoop(int64_t rows, int64_t C, const float* __restrict__ x,
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
  ParallelRows(n / static_cast<size_t>(C), C, [&](size_t first, size_t last) {
    BatchNormLoop(static_cast<int64_t>(last - first), C, x + first * C, mean, factor.data(), off.data(), out + first * C);
  });
  return env.Undefined();
}

// Per-row part of batchNormGrad: dx, and the two per-channel sums accumulated in double.
LL_HOT_LOOP void BatchNormGradLoop(int64_t rows, int64_t C, const float* __restrict__ x,
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
  // Σ dy in sums[0, C), Σ dy·(x − mean) in sums[C, 2C).
  std::vector<double> sums(2 * static_cast<size_t>(C), 0.0);
  HalvesColumnSums(n / static_cast<size_t>(C), C, 2 * static_cast<size_t>(C), sums.data(), [&](size_t first, size_t last, double* acc) {
    BatchNormGradLoop(static_cast<int64_t>(last - first), C, x + first * C, dy + first * C, mean, r.data(), s.data(), dx + first * C, acc, acc + C);
  });
  const double* sumDy = sums.data();
  const double* sumDyXm = sums.data() + C;
  for (int64_t c = 0; c < C; c++) {
    const double rc = r[c], sc = s[c];
    doffset[c] = static_cast<float>(sumDy[c]);
    dscale[c] = static_cast<float>(rc * sumDyXm[c]);
    dmean[c] = static_cast<float>(-rc * sc * sumDy[c]);
    dvariance[c] = static_cast<float>(-0.5 * rc * rc * rc * sc * sumDyXm[c]);
  }
  return env.Undefined();
}

// Batch normalisation in training as one operation (src/main/engine/batch-norm-layer.ts): the
// batch's per-channel moments, and the gradient of the whole normalisation, through the moments
// included, in two passes instead of tfjs' moments graph (Mean, Sub, Square, Mean) and its
// gradients (Tile, Square's, Sum, the adds of x's three gradients).
//
// batchNormMoments(x, channels, mean, variance): mean = Σx / rows, then variance =
//   Σ fl((x − mean)²) / rows, each sum in double (tf.moments' two steps, biased variance).
LL_HOT_LOOP void SquaredDeviationSums(int64_t rows, int64_t C, const float* __restrict__ x,
                                      const float* __restrict__ mean, double* __restrict__ acc) {
  for (int64_t r = 0; r < rows; r++) {
    const float* xr = x + r * C;
    for (int64_t c = 0; c < C; c++) {
      const float d = xr[c] - mean[c];
      acc[c] += d * d;
    }
  }
}

LL_HOT_LOOP void ColumnSumsLoop(int64_t rows, int64_t C, const float* __restrict__ x,
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
  HalvesColumnSums(static_cast<size_t>(rows), C, static_cast<size_t>(C), acc.data(), [&](size_t first, size_t last, double* sums) {
    ColumnSumsLoop(static_cast<int64_t>(last - first), C, x + first * C, sums);
  });
  for (int64_t c = 0; c < C; c++) mean[c] = static_cast<float>(acc[c] / static_cast<double>(rows));
  std::fill(acc.begin(), acc.end(), 0.0);
  HalvesColumnSums(static_cast<size_t>(rows), C, static_cast<size_t>(C), acc.data(), [&](size_t first, size_t last, double* sums) {
    SquaredDeviationSums(static_cast<int64_t>(last - first), C, x + first * C, mean, sums);
  });
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
LL_HOT_LOOP void DyMomentSums(int64_t rows, int64_t C, const float* __restrict__ x,
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

LL_HOT_LOOP void TrainDxLoop(int64_t rows, int64_t C, const float* __restrict__ x,
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
  // Σ dy in sums[0, C), Σ dy·(x − mean) in sums[C, 2C).
  std::vector<double> sums(2 * static_cast<size_t>(C), 0.0);
  HalvesColumnSums(static_cast<size_t>(rows), C, 2 * static_cast<size_t>(C), sums.data(), [&](size_t first, size_t last, double* acc) {
    DyMomentSums(static_cast<int64_t>(last - first), C, x + first * C, dy + first * C, mean, acc, acc + C);
  });
  const double* sumDy = sums.data();
  const double* sumDyXm = sums.data() + C;
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
  ParallelRows(static_cast<size_t>(rows), C, [&](size_t first, size_t last) {
    TrainDxLoop(static_cast<int64_t>(last - first), C, x + first * C, dy + first * C, mean, k1.data(), m1.data(), k2.data(), a.data(),
                b.data(), dx + first * C);
  });
  return env.Undefined();
}

}  // namespace

void ExportBatchNorm(Napi::Env env, Napi::Object exports) {
  exports.Set("batchNorm", Napi::Function::New(env, Flushed<BatchNorm>, "batchNorm"));
  exports.Set("batchNormGrad", Napi::Function::New(env, Flushed<BatchNormGrad>, "batchNormGrad"));
  exports.Set("batchNormMoments", Napi::Function::New(env, Flushed<BatchNormMoments>, "batchNormMoments"));
  exports.Set("batchNormTrainGrad", Napi::Function::New(env, Flushed<BatchNormTrainGrad>, "batchNormTrainGrad"));
}

}  // namespace latent_lab
