// Loads the compiled addon. Throws when it was not built (the caller falls back to wasm).
'use strict';
module.exports = require('./build/Release/latent_lab_blas.node');
