#!/usr/bin/env node
// Runs the CLI from the TypeScript sources through tsx, so the command is always current with the code.
import { register } from 'tsx/esm/api';

register();
const { runCli } = await import('../src/main/cli/index.ts');
await runCli(process.argv.slice(2));
