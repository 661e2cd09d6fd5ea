// A load client in its own process (bench/disputes.ts): POST /api/disputes from keep-alive connections, as
// phones and client programs would, so the server's CPU is measured without the client's. Requests are
// written whole beforehand and sent over plain sockets (like wrk or autocannon), so that the client takes as
// little as possible of the cores it shares with the server and PostgreSQL.
// Input (JSON on stdin): { port, cookie, bodies: [...], concurrency, keyPrefix }. Output: one JSON line.
import net from 'node:net';

let input = '';
for await (const chunk of process.stdin) input += chunk;
const { port, cookie, bodies, concurrency, keyPrefix } = JSON.parse(input);
const requests = bodies.map((b, i) => {
  const body = Buffer.from(JSON.stringify(b));
  const head = `POST /api/disputes HTTP/1.1\r\nhost: 127.0.0.1:${port}\r\nconnection: keep-alive\r\ncookie: ${cookie}\r\n` +
    `content-type: application/json\r\ncontent-length: ${body.length}\r\nidempotency-key: ${keyPrefix}-${i}\r\n\r\n`;
  return Buffer.concat([Buffer.from(head), body]);
});
let errors = 0;
let firstError = null;

/** One keep-alive connection sending requests one after another; resolves when `take()` has none left. */
function connection(take) {
  return new Promise((resolve, reject) => {
    const socket = net.connect(port, '127.0.0.1');
    socket.setNoDelay(true);
    let buf = Buffer.alloc(0);
    const sendNext = () => {
      const i = take();
      if (i === null) {
        socket.end();
        return resolve();
      }
      socket.write(requests[i]);
    };
    socket.on('connect', sendNext);
    socket.on('error', reject);
    socket.on('data', (chunk) => {
      buf = buf.length ? Buffer.concat([buf, chunk]) : chunk;
      for (;;) {
        const end = buf.indexOf('\r\n\r\n');
        if (end < 0) return;
        const head = buf.subarray(0, end).toString('latin1');
        const length = Number(/\r\ncontent-length: *(\d+)/i.exec(head)?.[1] ?? 0);
        if (buf.length < end + 4 + length) return;
        const status = Number(head.slice(9, 12));
        if (status !== 201) {
          errors++;
          firstError ??= `${status} ${buf.subarray(end + 4, end + 4 + length).toString().slice(0, 200)}`;
        }
        buf = buf.subarray(end + 4 + length);
        sendNext();
      }
    });
  });
}
const run = async (from, to) => {
  let next = from;
  const take = () => (next < to ? next++ : null);
  await Promise.all(Array.from({ length: concurrency }, () => connection(take)));
};
// the first tenth warms connections, caches and prepared statements (not counted)
const warm = Math.ceil(bodies.length / 11);
await run(0, warm);
errors = 0;
const cpu0 = process.cpuUsage();
const t0 = performance.now();
await run(warm, bodies.length);
const seconds = (performance.now() - t0) / 1000;
const cpu = process.cpuUsage(cpu0);
const n = bodies.length - warm;
process.stdout.write(JSON.stringify({ n, perSec: n / seconds, errors, firstError, clientCpuMs: (cpu.user + cpu.system) / 1000 / n }) + '\n');
