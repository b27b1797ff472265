import type { Script } from 'node:vm';

export declare function compileBundle(file: string): { script: Script; cacheFile: string; cached: boolean };
export declare function runBundle(url: URL): unknown;
