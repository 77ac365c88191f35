// Vite builds the page and the lint worker; the wasm is an asset the page compiles and hands over.
import { defineConfig, type Plugin } from 'vite';

/**
 * Adds a preload hint for the interface chunk, which the small entry imports dynamically, so the
 * browser fetches it while it parses the HTML. (The worker fetches the wasm itself; a page preload
 * would not be shared with it.)
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
        if (!app) throw new Error('distrolint-preload: the app chunk is missing');
        return [
          { tag: 'link', attrs: { rel: 'modulepreload', crossorigin: '', href: `./${app.fileName}` }, injectTo: 'head' },
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
