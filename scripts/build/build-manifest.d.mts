export declare const ROOT: string;
export declare function writeBuildManifest(manifestPath: string, inputs: string[]): void;
export declare function staleReason(manifestPath: string): string | undefined;
