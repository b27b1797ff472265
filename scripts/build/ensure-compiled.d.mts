export declare function compiledEntry(name: 'cli' | 'worker'): string;
export declare function ensureCompiled(name: 'cli' | 'worker'): string | undefined;
