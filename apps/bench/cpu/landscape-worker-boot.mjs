// Boots a benchmark worker on the TypeScript sources: tsx's loader, then the worker module.
import { register } from 'tsx/esm/api';

register();
await import('./landscape-worker.ts');
