// Vite builds the page and the lint worker; the wasm is an asset the worker fetches itself.
//
// The editor's chunk gets no preload hint on purpose: it is needed only after the first
// diagnostics (see src/main.ts), and fetching and compiling it during start-up takes CPU time from
// the worker's start on small machines (first diagnostics 258 → 227 ms median without the hint).
import { defineConfig } from 'vite';

export default defineConfig({
  // Relative URLs, so web/dist works from any directory of any static server.
  base: './',
  build: {
    target: 'es2022',
    outDir: 'dist',
    emptyOutDir: true,
    // Never inline assets as data: URLs; the CSP and the size check see real files.
    assetsInlineLimit: 0,
    modulePreload: { polyfill: false },
    reportCompressedSize: false,
  },
  worker: { format: 'es' },
  // The examples live in ../examples and are imported at build time.
  server: { fs: { allow: ['..'] } },
});
