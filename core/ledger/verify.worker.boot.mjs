// Starts a verify worker thread: registers tsx's loader inside the thread (loaders given to the
// parent through `--import tsx` do not reach workers on every Node 20 release), then loads it.
import { register } from 'tsx/esm/api';

register();
await import('./verify.worker.ts');
