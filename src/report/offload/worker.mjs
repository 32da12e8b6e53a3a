// A worker thread starts without its parent's TypeScript loader (bin/prefstudy.js registers tsx
// for the main thread only), so it registers tsx itself before loading the worker's code.
import { register } from 'tsx/esm/api';

register();
await import('./worker.ts');
