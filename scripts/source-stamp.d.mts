// Types of source-stamp.mjs, for the TypeScript that imports it (the bench of the whole command).
export const STAMP_FILE: string;
export function sourceListing(root: string): string;
export function distIsFresh(root: string): boolean;
