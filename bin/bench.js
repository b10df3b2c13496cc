#!/usr/bin/env node
// `npm run bench`: runs bench/run.ts from the TypeScript sources through tsx (see bench/README.md).
// The same entry serves the measured child processes (`--worker SPEC`), so they load the code the same way.
import { register } from 'tsx/esm/api';

register();
const { main } = await import('../bench/run.ts');
process.exitCode = await main(process.argv.slice(2));
