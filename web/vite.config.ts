// Vite builds the page and the lint worker; the wasm is an asset the page compiles and hands over.
import { defineConfig, type Plugin } from 'vite';

/**
 * Adds preload hints for what the first diagnostics wait on, so the browser fetches them while it
 * parses the HTML: the interface chunk (imported dynamically by the small entry) and the wasm.
 */
function preloadCriticalAssets(): Plugin {
  return {
    name: 'distrolint-preload',
    apply: 'build',
    transformIndexHtml: {
      order: 'post',
      handler(_html, ctx) {
        const files = Object.values(ctx.bundle ?? {});
        const app = files.find((f) => f.type === 'chunk' && f.facadeModuleId?.endsWith('/src/app.ts'));
        const wasm = files.find((f) => f.type === 'asset' && f.fileName.endsWith('.wasm'));
        if (!app || !wasm) throw new Error('distrolint-preload: the app chunk or the wasm is missing');
        return [
          { tag: 'link', attrs: { rel: 'modulepreload', crossorigin: '', href: `./${app.fileName}` }, injectTo: 'head' },
          {
            tag: 'link',
            attrs: { rel: 'preload', as: 'fetch', type: 'application/wasm', crossorigin: '', href: `./${wasm.fileName}` },
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
  plugins: [preloadCriticalAssets()],
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
