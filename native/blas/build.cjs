// Install step of the optional native kernels: node-gyp against the running Node's own headers.
//
// Runs node-gyp with --nodedir pointing at the Node installation when it ships its headers
// (Debian's /usr/include/node, the official tarballs' include/node), so that no header download
// is needed offline. Any failure (no compiler, no OpenBLAS) exits non-zero: npm then drops this
// optional dependency and Latent Lab runs on the plain wasm kernels.
'use strict';
const { spawnSync } = require('node:child_process');
const fs = require('node:fs');
const path = require('node:path');

const prefix = path.resolve(path.dirname(process.execPath), '..');
const args = ['rebuild'];
if (!process.env.npm_config_nodedir && fs.existsSync(path.join(prefix, 'include', 'node', 'node_api.h'))) {
  args.push(`--nodedir=${prefix}`);
}
// npm ships node-gyp and names it in npm_config_node_gyp during an install; outside npm (a manual
// `node build.cjs`), a node-gyp package or the one inside the npm that sits beside this Node.
let gyp = process.env.npm_config_node_gyp;
if (!gyp) {
  try {
    gyp = require.resolve('node-gyp/bin/node-gyp.js');
  } catch {
    const bundled = path.join(prefix, 'lib', 'node_modules', 'npm', 'node_modules', 'node-gyp', 'bin', 'node-gyp.js');
    if (fs.existsSync(bundled)) gyp = bundled;
  }
}
if (!gyp) {
  console.error('latent-lab-blas: node-gyp not found; the native kernels are not built');
  process.exit(1);
}
const result = spawnSync(process.execPath, [gyp, ...args], { cwd: __dirname, stdio: 'inherit' });
if (result.status !== 0) {
  console.error('latent-lab-blas: build failed (needs a C++ compiler and OpenBLAS, e.g. apt-get install libopenblas-dev); Latent Lab falls back to its wasm kernels');
}
process.exit(result.status ?? 1);
