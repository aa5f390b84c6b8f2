// For working on the UI without rebuilding the server: serves web/ui/ from the disk (with the
// server's CSP, so a violation shows here too) and passes /api/ and /healthz (WebSocket
// included) to a running prokat.
//   node tests/e2e/dev-server.mjs http://127.0.0.1:8080 [port]
import http from 'node:http';
import net from 'node:net';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../web/ui');
const upstream = new URL(process.argv[2] || 'http://127.0.0.1:8080');
const port = Number(process.argv[3] || 8090);
const types = {
  html: 'text/html; charset=utf-8',
  js: 'text/javascript; charset=utf-8',
  css: 'text/css; charset=utf-8',
  json: 'application/json',
  svg: 'image/svg+xml',
  png: 'image/png',
  webmanifest: 'application/manifest+json',
};
const csp =
  "default-src 'self'; img-src 'self' data: blob:; media-src 'self' blob:; connect-src 'self'; " +
  "style-src 'self'; script-src 'self'";

const server = http.createServer((req, res) => {
  if (req.url.startsWith('/api/') || req.url === '/healthz') {
    const up = http.request(
      {
        host: upstream.hostname,
        port: upstream.port,
        path: req.url,
        method: req.method,
        headers: req.headers,
      },
      (r) => {
        res.writeHead(r.statusCode, r.headers);
        r.pipe(res);
      },
    );
    up.on('error', () => {
      res.writeHead(502);
      res.end();
    });
    req.pipe(up);
    return;
  }
  let p = decodeURIComponent(new URL(req.url, 'http://x').pathname).replace(/^\/v\/[^/]+\//, '/');
  if (p === '/') p = '/index.html';
  const file = path.join(root, path.normalize(p));
  if (!file.startsWith(root) || !fs.existsSync(file) || fs.statSync(file).isDirectory()) {
    res.writeHead(404);
    res.end();
    return;
  }
  res.writeHead(200, {
    'Content-Type': types[path.extname(file).slice(1)] || 'application/octet-stream',
    'Content-Security-Policy': csp,
    'Cache-Control': 'no-cache',
  });
  if (['/index.html', '/sw.js'].includes(p))
    res.end(fs.readFileSync(file, 'utf8').replaceAll('@UI@', '')); // the server's /v/<version>
  else fs.createReadStream(file).pipe(res);
});
server.on('upgrade', (req, socket, head) => {
  const up = net.connect(Number(upstream.port), upstream.hostname, () => {
    const lines = [`${req.method} ${req.url} HTTP/1.1`];
    for (let i = 0; i < req.rawHeaders.length; i += 2)
      lines.push(`${req.rawHeaders[i]}: ${req.rawHeaders[i + 1]}`);
    up.write(lines.join('\r\n') + '\r\n\r\n');
    up.write(head);
    up.pipe(socket);
    socket.pipe(up);
  });
  up.on('error', () => socket.destroy());
  socket.on('error', () => up.destroy());
});
server.listen(port, '127.0.0.1', () =>
  console.log(`UI on http://127.0.0.1:${port} -> ${upstream.href}`),
);
