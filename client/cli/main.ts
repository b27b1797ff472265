// Entry point of `npx dobbeltspor` (bin/dobbeltspor.js runs it compiled: one CommonJS bundle, which
// has no top-level await).
import { main } from './program.js';

void main(process.argv).then((code) => {
  process.exitCode = code;
});
