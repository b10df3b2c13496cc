// Convolution geometry shared by blas.cc (im2col + GEMM) and conv-direct.cc (direct loops for
// convolutions with very few output channels).
#ifndef LATENT_LAB_BLAS_CONV_H_
#define LATENT_LAB_BLAS_CONV_H_

#include <cstdint>

namespace latent_lab {

// NHWC, filter [fh, fw, inC, outC] (tfjs' layouts); the forward convolution's geometry.
struct Geometry {
  int64_t batch, inH, inW, inC, outH, outW, outC, fH, fW, sH, sW, dH, dW, padTop, padLeft;
  int64_t K() const { return fH * fW * inC; }
  int64_t PixelsPerImage() const { return outH * outW; }
  bool Pointwise() const {
    return fH == 1 && fW == 1 && sH == 1 && sW == 1 && padTop == 0 && padLeft == 0 && outH == inH && outW == inW;
  }
};

// True when the direct loops below beat im2col + GEMM: a handful of output channels (a decoder's
// or generator's last 3x3 conv to 1 or 3 channels), where im2col writes and reads K floats per
// pixel for only outC multiply-adds each (the GEMM is a matrix-vector product, memory-bound).
bool DirectConvPreferred(const Geometry& g);

// out = conv(x, w), overwritten.
void DirectConv2D(const Geometry& g, const float* x, const float* w, float* out);
// dx = d(conv)/dx applied to dy, overwritten.
void DirectConv2DBackpropInput(const Geometry& g, const float* dy, const float* w, float* dx);
// dw = d(conv)/dw applied to dy, overwritten.
void DirectConv2DBackpropFilter(const Geometry& g, const float* x, const float* dy, float* dw);

}  // namespace latent_lab

#endif  // LATENT_LAB_BLAS_CONV_H_
