// A load client in its own process (bench/disputes.ts): POST /api/disputes from keep-alive connections, as
// phones and client programs would, so the server's CPU is measured without the client's.
// Input (JSON on stdin): { port, cookie, bodies: [...], concurrency, keyPrefix }. Output: one JSON line.
import http from 'node:http';

let input = '';
for await (const chunk of process.stdin) input += chunk;
const { port, cookie, bodies, concurrency, keyPrefix } = JSON.parse(input);
const agent = new http.Agent({ keepAlive: true, maxSockets: concurrency });
let errors = 0;
let firstError = null;
const post = (i) =>
  new Promise((resolve) => {
    const body = JSON.stringify(bodies[i]);
    const req = http.request(
      { host: '127.0.0.1', port, path: '/api/disputes', method: 'POST', agent, headers: { cookie, 'content-type': 'application/json', 'content-length': Buffer.byteLength(body), 'idempotency-key': `${keyPrefix}-${i}` } },
      (res) => {
        let text = '';
        res.on('data', (c) => (res.statusCode !== 201 ? (text += c) : undefined));
        res.on('end', () => {
          if (res.statusCode !== 201) {
            errors++;
            firstError ??= `${res.statusCode} ${text.slice(0, 200)}`;
          }
          resolve();
        });
      },
    );
    req.on('error', (e) => {
      errors++;
      firstError ??= e.message;
      resolve();
    });
    req.end(body);
  });
const run = async (from, to) => {
  let next = from;
  await Promise.all(Array.from({ length: concurrency }, async () => { while (next < to) await post(next++); }));
};
// the first tenth warms connections, caches and prepared statements (not counted)
const warm = Math.ceil(bodies.length / 11);
await run(0, warm);
errors = 0;
const t0 = performance.now();
await run(warm, bodies.length);
const seconds = (performance.now() - t0) / 1000;
agent.destroy();
process.stdout.write(JSON.stringify({ n: bodies.length - warm, perSec: (bodies.length - warm) / seconds, errors, firstError }) + '\n');
