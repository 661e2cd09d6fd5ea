import http from 'node:http';
import Fastify from 'fastify';
import type { AddressInfo } from 'node:net';
import type { Database } from '../server/db/client.ts';
import { buildApp } from '../server/app.ts';
import { Cipher } from '../server/secret.ts';
import { UserCreate } from '../core/schemas/users.ts';
import { createUser } from '../server/modules/users/service.ts';
import { systemActor } from '../server/modules/auth/actor.ts';

/** Fires GETs at `url` from `concurrency` keep-alive clients for `ms`; returns requests per second. */
async function load(url: string, headers: Record<string, string>, ms: number, concurrency = 16): Promise<{ rps: number; errors: number }> {
  const agent = new http.Agent({ keepAlive: true, maxSockets: concurrency });
  const end = Date.now() + ms;
  let done = 0;
  let errors = 0;
  const one = () =>
    new Promise<void>((resolve) => {
      const req = http.get(url, { agent, headers }, (res) => {
        res.resume();
        res.on('end', () => {
          if (res.statusCode !== 200) errors++;
          resolve();
        });
      });
      req.on('error', () => {
        errors++;
        resolve();
      });
    });
  const t0 = Date.now();
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (Date.now() < end) {
        await one();
        done++;
      }
    }),
  );
  agent.destroy();
  return { rps: done / ((Date.now() - t0) / 1000), errors };
}

/**
 * Foundation scenario: authenticated API requests (session lookup, bindings, scoped query) against a
 * bare Fastify route in the same process and run; the ratio shows what auth and scope cost.
 */
export async function benchAuth(database: Database, opts: { townCode: string; seconds?: number }) {
  const ms = (opts.seconds ?? 3) * 1000;
  await createUser(database, { actor: systemActor() }, UserCreate.parse({ username: 'bench_town', password: 'Bench12345', bindings: [{ role: 'town_office', regionCode: opts.townCode }] }));
  const app = await buildApp({ database, cipher: new Cipher('bench') });
  await app.listen({ port: 0, host: '127.0.0.1' });
  const port = (app.server.address() as AddressInfo).port;
  const login = await fetch(`http://127.0.0.1:${port}/api/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username: 'bench_town', password: 'Bench12345' }) });
  const cookie = (login.headers.get('set-cookie') ?? '').split(';')[0];
  const bare = Fastify();
  bare.get('/bare', async () => ({ status: 'ok' }));
  await bare.listen({ port: 0, host: '127.0.0.1' });
  const barePort = (bare.server.address() as AddressInfo).port;
  try {
    await load(`http://127.0.0.1:${barePort}/bare`, {}, 500);
    const b = await load(`http://127.0.0.1:${barePort}/bare`, {}, ms);
    await load(`http://127.0.0.1:${port}/api/me`, { cookie }, 500);
    const me = await load(`http://127.0.0.1:${port}/api/me`, { cookie }, ms);
    const regions = await load(`http://127.0.0.1:${port}/api/regions?level=village,community`, { cookie }, ms);
    return {
      bareRps: Math.round(b.rps),
      meRps: Math.round(me.rps),
      regionsRps: Math.round(regions.rps),
      ratioMe: +(b.rps / me.rps).toFixed(1),
      ratioRegions: +(b.rps / regions.rps).toFixed(1),
      errors: b.errors + me.errors + regions.errors,
    };
  } finally {
    await app.close();
    await bare.close();
  }
}
