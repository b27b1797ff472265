// Entry point of `npx dobbeltspor` (bin/dobbeltspor.js loads this file through tsx).
import { main } from './program.js';

process.exitCode = await main(process.argv);
