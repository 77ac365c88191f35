// A tiny static server for web/dist, for the end-to-end test and for trying the build locally
// (`node web/tests/server.mjs [port]`). It logs every request it serves, so the test can check
// that nothing reaches it after the page has loaded.
import { createReadStream, statSync } from 'node:fs';
import { createServer } from 'node:http';
import { extname, join, normalize, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';

const TYPES = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.wasm': 'application/wasm',
  '.svg': 'image/svg+xml',
  '.json': 'application/json',
  '.png': 'image/png',
};

/** Serves `root`; resolves to { url, requests, close }. `requests` lists every path served. */
export function serve(root, port = 0) {
  const base = resolve(root);
  const requests = [];
  const server = createServer((req, res) => {
    let path;
    try {
      path = decodeURIComponent(new URL(`http://localhost${req.url ?? '/'}`).pathname);
    } catch {
      // A request line no URL parser accepts (`//`, a bad %-escape): refuse it, keep serving.
      res.writeHead(400, { 'content-type': 'text/plain' }).end('bad request');
      return;
    }
    requests.push({ method: req.method, path, at: Date.now() });
    let file = normalize(join(base, path));
    if (file !== base && !file.startsWith(base + sep)) {
      res.writeHead(403).end();
      return;
    }
    try {
      if (statSync(file).isDirectory()) file = join(file, 'index.html');
      const size = statSync(file).size;
      res.writeHead(200, {
        'content-type': TYPES[extname(file)] ?? 'application/octet-stream',
        'content-length': size,
        'cache-control': 'no-store',
      });
      createReadStream(file).pipe(res);
    } catch {
      res.writeHead(404, { 'content-type': 'text/plain' }).end('not found');
    }
  });
  return new Promise((done) => {
    server.listen(port, '127.0.0.1', () => {
      const { port: actual } = server.address();
      done({ url: `http://127.0.0.1:${actual}/`, requests, close: () => new Promise((c) => server.close(c)) });
    });
  });
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const dist = fileURLToPath(new URL('../dist', import.meta.url));
  const { url } = await serve(dist, Number(process.argv[2] ?? 8000));
  console.log(`serving ${dist} at ${url}`);
}
