// Direct convolution loops for geometries with very few output channels (see conv.h). The filter
// is first transposed to [outC][fh][fw][inC] so that every inner loop runs over inC contiguous
// floats of both the image and the filter: dot products (8 independent partial sums, which GCC
// turns into vector operations without reassociating anything it is not told to) and axpys.
#include <algorithm>
#include <cstdint>
#include <vector>

#include "conv.h"

namespace latent_lab {
namespace {

constexpr int64_t kDirectMaxOutC = 4;

// wt[oc][kh][kw][ci] = w[kh][kw][ci][oc].
std::vector<float> TransposedFilter(const Geometry& g, const float* w) {
  const int64_t taps = g.fH * g.fW;
  std::vector<float> wt(static_cast<size_t>(taps * g.inC * g.outC));
  for (int64_t t = 0; t < taps; t++) {
    for (int64_t ci = 0; ci < g.inC; ci++) {
      for (int64_t oc = 0; oc < g.outC; oc++) wt[(oc * taps + t) * g.inC + ci] = w[(t * g.inC + ci) * g.outC + oc];
    }
  }
  return wt;
}

__attribute__((hot)) float Dot(const float* __restrict__ a, const float* __restrict__ b, int64_t n) {
  float part[8] = {0, 0, 0, 0, 0, 0, 0, 0};
  int64_t i = 0;
  for (; i + 8 <= n; i += 8) {
    for (int j = 0; j < 8; j++) part[j] += a[i + j] * b[i + j];
  }
  float sum = ((part[0] + part[1]) + (part[2] + part[3])) + ((part[4] + part[5]) + (part[6] + part[7]));
  for (; i < n; i++) sum += a[i] * b[i];
  return sum;
}

__attribute__((hot)) void Axpy(int64_t n, float alpha, const float* __restrict__ x, float* __restrict__ y) {
  for (int64_t i = 0; i < n; i++) y[i] += alpha * x[i];
}

// Calls f(tap, ih, iw) for every filter tap of output pixel (oh, ow) that falls inside the image.
template <typename F>
inline void ForEachTap(const Geometry& g, int64_t oh, int64_t ow, F f) {
  for (int64_t kh = 0; kh < g.fH; kh++) {
    const int64_t ih = oh * g.sH + kh * g.dH - g.padTop;
    if (ih < 0 || ih >= g.inH) continue;
    for (int64_t kw = 0; kw < g.fW; kw++) {
      const int64_t iw = ow * g.sW + kw * g.dW - g.padLeft;
      if (iw < 0 || iw >= g.inW) continue;
      f(kh * g.fW + kw, ih, iw);
    }
  }
}

}  // namespace

bool DirectConvPreferred(const Geometry& g) { return g.outC <= kDirectMaxOutC && !g.Pointwise() && g.inC >= 8; }

void DirectConv2D(const Geometry& g, const float* x, const float* w, float* out) {
  const std::vector<float> wt = TransposedFilter(g, w);
  const int64_t taps = g.fH * g.fW;
  for (int64_t b = 0; b < g.batch; b++) {
    const float* image = x + b * g.inH * g.inW * g.inC;
    for (int64_t oh = 0; oh < g.outH; oh++) {
      for (int64_t ow = 0; ow < g.outW; ow++) {
        float* o = out + ((b * g.outH + oh) * g.outW + ow) * g.outC;
        float acc[kDirectMaxOutC] = {0, 0, 0, 0};
        ForEachTap(g, oh, ow, [&](int64_t t, int64_t ih, int64_t iw) {
          const float* xs = image + (ih * g.inW + iw) * g.inC;
          for (int64_t oc = 0; oc < g.outC; oc++) acc[oc] += Dot(xs, wt.data() + (oc * taps + t) * g.inC, g.inC);
        });
        for (int64_t oc = 0; oc < g.outC; oc++) o[oc] = acc[oc];
      }
    }
  }
}

void DirectConv2DBackpropInput(const Geometry& g, const float* dy, const float* w, float* dx) {
  const std::vector<float> wt = TransposedFilter(g, w);
  const int64_t taps = g.fH * g.fW;
  std::fill(dx, dx + g.batch * g.inH * g.inW * g.inC, 0.0f);
  for (int64_t b = 0; b < g.batch; b++) {
    float* image = dx + b * g.inH * g.inW * g.inC;
    for (int64_t oh = 0; oh < g.outH; oh++) {
      for (int64_t ow = 0; ow < g.outW; ow++) {
        const float* d = dy + ((b * g.outH + oh) * g.outW + ow) * g.outC;
        ForEachTap(g, oh, ow, [&](int64_t t, int64_t ih, int64_t iw) {
          float* dst = image + (ih * g.inW + iw) * g.inC;
          for (int64_t oc = 0; oc < g.outC; oc++) Axpy(g.inC, d[oc], wt.data() + (oc * taps + t) * g.inC, dst);
        });
      }
    }
  }
}

void DirectConv2DBackpropFilter(const Geometry& g, const float* x, const float* dy, float* dw) {
  const int64_t taps = g.fH * g.fW;
  const size_t size = static_cast<size_t>(g.outC * taps * g.inC);
  // Sums over one image in float (a few hundred to a few thousand terms), images added in double.
  std::vector<float> image(size);
  std::vector<double> total(size, 0.0);
  for (int64_t b = 0; b < g.batch; b++) {
    std::fill(image.begin(), image.end(), 0.0f);
    const float* xi = x + b * g.inH * g.inW * g.inC;
    for (int64_t oh = 0; oh < g.outH; oh++) {
      for (int64_t ow = 0; ow < g.outW; ow++) {
        const float* d = dy + ((b * g.outH + oh) * g.outW + ow) * g.outC;
        ForEachTap(g, oh, ow, [&](int64_t t, int64_t ih, int64_t iw) {
          const float* xs = xi + (ih * g.inW + iw) * g.inC;
          for (int64_t oc = 0; oc < g.outC; oc++) Axpy(g.inC, d[oc], xs, image.data() + (oc * taps + t) * g.inC);
        });
      }
    }
    for (size_t i = 0; i < size; i++) total[i] += image[i];
  }
  for (int64_t t = 0; t < taps; t++) {
    for (int64_t ci = 0; ci < g.inC; ci++) {
      for (int64_t oc = 0; oc < g.outC; oc++) {
        dw[(t * g.inC + ci) * g.outC + oc] = static_cast<float>(total[(oc * taps + t) * g.inC + ci]);
      }
    }
  }
}

}  // namespace latent_lab
