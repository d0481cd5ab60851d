// Bootstrap of a detector worker thread: TypeScript through tsx whether the parent runs under tsx,
// vitest or plain node.
import { register } from 'tsx/esm/api';

register();
await import('./detector.worker.ts');
