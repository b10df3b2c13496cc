#!/usr/bin/env node
// Runs the CLI from the TypeScript sources through tsx, so the command is always current with the code.
import { register } from 'tsx/esm/api';

register();
await import('../src/main/cli/entry.ts');
