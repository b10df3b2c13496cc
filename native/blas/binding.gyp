{
  "targets": [
    {
      "target_name": "latent_lab_fast_math",
      "type": "static_library",
      "sources": ["src/fast-math.cc"],
      "cflags": ["-fPIC"],
      "cflags_cc": ["-O3", "-std=c++17", "-ffast-math"],
      "xcode_settings": { "OTHER_CPLUSPLUSFLAGS": ["-O3", "-std=c++17", "-ffast-math"] }
    },
    {
      "target_name": "latent_lab_blas",
      "dependencies": ["latent_lab_fast_math"],
      "sources": ["src/blas.cc", "src/conv-direct.cc", "src/elementwise.cc", "src/batch-norm.cc", "src/split.cc"],
      "include_dirs": ["<!(node -p \"require('node-addon-api').include_dir\")"],
      "defines": ["NAPI_VERSION=8", "NAPI_DISABLE_CPP_EXCEPTIONS", "NODE_ADDON_API_DISABLE_DEPRECATED"],
      "cflags_cc": ["-O3", "-std=c++17", "-ffp-contract=off", "-fno-math-errno", "-fno-trapping-math"],
      "conditions": [
        ["OS=='mac'", {
          "defines": ["LL_ACCELERATE", "ACCELERATE_NEW_LAPACK"],
          "libraries": ["-framework Accelerate"],
          "xcode_settings": { "OTHER_CPLUSPLUSFLAGS": ["-O3", "-std=c++17", "-ffp-contract=off", "-fno-math-errno", "-fno-trapping-math"] }
        }, {
          "defines": ["LL_OPENBLAS"],
          "libraries": ["-lopenblas"]
        }]
      ]
    }
  ]
}
