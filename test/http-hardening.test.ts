import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp, WEB_CSP } from '../server/app.ts';
import { trustProxyOf } from '../server/config.ts';
import { createTestApp, PASSWORD, type TestApp } from './helpers.ts';
import { seedTree } from './factories.ts';

// Headers and proxies (issue 12 point 8): what a browser may keep, which page may act, whose address counts.
let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
  await seedTree(t.database);
});
afterAll(() => t.close());

describe('headers', () => {
  it('API answers are not kept by browsers or proxies; no HSTS over plain http', async () => {
    const cookie = await t.login('admin');
    const me = await t.inject({ url: '/api/me', headers: { cookie } });
    expect(me.headers['cache-control']).toBe('no-store');
    expect(me.headers['strict-transport-security']).toBeUndefined();
    const problem = await t.inject({ url: '/api/disputes/nope', headers: { cookie } });
    expect(problem.headers['cache-control']).toBe('no-store');
  });

  it('the web app carries a Content-Security-Policy that allows scripts only from itself', async () => {
    const r = await t.inject({ url: '/workbench' });
    expect(r.headers['content-security-policy']).toBe(WEB_CSP);
    expect(WEB_CSP).toContain("script-src 'self'");
    expect(WEB_CSP).not.toMatch(/script-src[^;]*unsafe-inline/);
    expect(WEB_CSP).toContain("frame-ancestors 'none'");
  });
});

describe('a page of another origin cannot act with the user’s cookie', () => {
  it('refuses a state-changing request whose Origin is another port of the same host, or another site', async () => {
    const cookie = await t.login('admin');
    for (const origin of ['http://localhost:8080', 'https://evil.example', 'null']) {
      const r = await t.inject({ method: 'POST', url: '/api/auth/logout', headers: { cookie, origin, host: 'localhost:3000' } });
      expect(r.statusCode, origin).toBe(403);
      expect(r.json().title).toBe('foreign_origin');
    }
    const site = await t.inject({ method: 'POST', url: '/api/auth/logout', headers: { cookie, 'sec-fetch-site': 'same-site', host: 'localhost:3000' } });
    expect(site.statusCode).toBe(403);
    // still logged in: none of the above went through
    expect((await t.inject({ url: '/api/me', headers: { cookie } })).statusCode).toBe(200);
    const same = await t.inject({ method: 'POST', url: '/api/auth/logout', headers: { cookie, origin: 'http://localhost:3000', host: 'localhost:3000', 'sec-fetch-site': 'same-origin' } });
    expect(same.statusCode).toBe(204);
  });

  it('reads are not refused, and programs without a browser (no Origin) still work', async () => {
    const cookie = await t.login('admin');
    expect((await t.inject({ url: '/api/me', headers: { cookie, origin: 'https://evil.example', host: 'localhost:3000' } })).statusCode).toBe(200);
    const login = await t.inject({ method: 'POST', url: '/api/auth/login', payload: { username: 'admin', password: PASSWORD } });
    expect(login.statusCode).toBe(200);
  });
});

describe('X-Forwarded-* is believed only from configured proxies', () => {
  const progress = (app: TestApp['app'], forwardedFor: string, remoteAddress = '10.7.7.7') =>
    app.inject({ method: 'GET', url: '/api/public/progress?code=ZZZZZZZZZZ', remoteAddress, headers: { 'x-forwarded-for': forwardedFor } });

  it('by default a rotating X-Forwarded-For does not escape the public progress limit', async () => {
    const codes: number[] = [];
    for (let i = 0; i < 35; i++) codes.push((await progress(t.app, `203.0.113.${i}`)).statusCode);
    expect(codes.filter((c) => c === 429).length).toBeGreaterThan(0);
  });

  it('from a configured proxy the forwarded address and protocol count (and https brings HSTS)', async () => {
    const app = await buildApp({ database: t.database, cipher: t.cipher, trustProxy: trustProxyOf('10.6.6.6') || undefined });
    try {
      const codes: number[] = [];
      for (let i = 0; i < 35; i++) codes.push((await progress(app, `198.51.100.${i}`, '10.6.6.6')).statusCode);
      expect(codes.filter((c) => c === 429)).toHaveLength(0);
      const https = await app.inject({ url: '/api/health', remoteAddress: '10.6.6.6', headers: { 'x-forwarded-proto': 'https' } });
      expect(https.headers['strict-transport-security']).toMatch(/max-age=\d+/);
      // the same header from anyone else is not believed
      const spoofed = await app.inject({ url: '/api/health', remoteAddress: '10.5.5.5', headers: { 'x-forwarded-proto': 'https' } });
      expect(spoofed.headers['strict-transport-security']).toBeUndefined();
    } finally {
      await app.close();
    }
  });

  it('reads the setting as a list of addresses; unset or false trusts nobody', () => {
    expect(trustProxyOf(undefined)).toBe(false);
    expect(trustProxyOf('')).toBe(false);
    expect(trustProxyOf('false')).toBe(false);
    expect(trustProxyOf('10.0.0.1, 192.168.0.0/16')).toEqual(['10.0.0.1', '192.168.0.0/16']);
  });
});
