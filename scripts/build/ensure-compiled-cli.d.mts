export declare const CLI_ENTRY: string;
export declare function ensureCompiledCli(): string | undefined;
