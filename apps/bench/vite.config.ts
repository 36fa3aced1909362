import { defineConfig } from 'vite';

// Cross-origin isolation lets the CPU workers write into one SharedArrayBuffer (as in Node);
// without it they post their bands back and the page copies them.
const isolation = {
  'Cross-Origin-Opener-Policy': 'same-origin',
  'Cross-Origin-Embedder-Policy': 'require-corp',
};

export default defineConfig({
  base: './',
  worker: { format: 'es' },
  build: { target: 'es2022' },
  server: { port: 5174, headers: isolation },
  preview: { port: 4174, headers: isolation },
});
