#!/usr/bin/env node
// Launcher for `npx dobbeltspor`: registers tsx so the TypeScript sources run from the checkout as
// they are, then hands over to the CLI.
import { register } from 'tsx/esm/api';

register();
await import('../client/cli/main.ts');
