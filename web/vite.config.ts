// Vite builds the page and the lint worker; the wasm is an asset the page compiles and hands to
// the worker.
//
// The editor's chunk gets no preload hint on purpose: it is needed only after the first
// diagnostics (see src/main.ts), and fetching and compiling it during start-up takes CPU time
// from the engine on small machines (first diagnostics 258 → 227 ms median without the hint).
import { defineConfig, type Plugin } from 'vite';

/**
 * Adds a preload hint for the engine's wasm, so its download starts while the browser parses the
 * HTML instead of when the entry script runs. The hint matches the entry's `fetch()` (a CORS
 * request with same-origin credentials), which then takes the preloaded response.
 */
function preloadEngine(): Plugin {
  return {
    name: 'distrolint-preload-engine',
    apply: 'build',
    transformIndexHtml: {
      order: 'post',
      handler(_html, ctx) {
        const wasm = Object.values(ctx.bundle ?? {}).find((f) => f.type === 'asset' && f.fileName.endsWith('.wasm'));
        if (!wasm) throw new Error('distrolint-preload-engine: the wasm asset is missing');
        return [
          {
            tag: 'link',
            attrs: { rel: 'preload', href: `./${wasm.fileName}`, as: 'fetch', type: 'application/wasm', crossorigin: '' },
            injectTo: 'head',
          },
        ];
      },
    },
  };
}

export default defineConfig({
  // Relative URLs, so web/dist works from any directory of any static server.
  base: './',
  plugins: [preloadEngine()],
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
