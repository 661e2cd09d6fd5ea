#!/usr/bin/env node
// The `wusong` command: runs the TypeScript CLI through tsx (no build step needed).
import { register } from 'tsx/esm/api';

register();
await import('../server/cli/main.ts');
