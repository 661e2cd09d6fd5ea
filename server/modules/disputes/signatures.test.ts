/**
 * Signatures on the agreement (issue 17.3): a party (no account) and the mediator sign; the hashes of the document
 * and of each image are kept; the signatures print in the .docx as images; changing the agreement's text
 * afterwards invalidates them (audited).
 */
import crypto from 'node:crypto';
import JSZip from 'jszip';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../../test/helpers.ts';
import { seedTree, TREE } from '../../../test/factories.ts';
import { addDays, todayShanghai } from '../../../core/dates.ts';

let t: TestApp;
let office: string;
let d: Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any
const today = todayShanghai();
const day = (n: number) => addDays(today, n);
const PNG_B64 = 'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==';
const png = `data:image/png;base64,${PNG_B64}`;
const req = (method: 'GET' | 'POST' | 'PATCH', url: string, payload?: unknown) => t.inject({ method, url, headers: { cookie: office }, ...(payload === undefined ? {} : { payload: payload as object }) });

beforeAll(async () => {
  t = await createTestApp();
  await seedTree(t.database);
  office = await t.userWith('town_office', { regionCode: TREE.townA }, 'office_a');
  const r = await req('POST', '/api/disputes', {
    regionCode: TREE.a1, receivedOn: day(-5), channel: 'walk_in', category: 'neighbour', summary: '两户因排水沟堵塞发生争执', peopleCount: 2, amount: null, riskLevel: 'general',
    mayTurnCriminal: false, threatensPetition: false,
    parties: [{ role: 'applicant', kind: 'person', name: '张三', idNumber: null, phone: null, address: null }, { role: 'respondent', kind: 'person', name: '李四', idNumber: null, phone: null, address: null }],
  });
  d = r.json();
  for (const body of [{ action: 'accept', level: 'town', date: day(-4) }, { action: 'start_mediation', date: day(-4) }, { action: 'resolve', date: day(-2), agreement: { form: 'written', content: '李四疏通排水沟，赔偿张三五百元', performanceDeadline: day(10) } }]) {
    const x = await req('POST', `/api/disputes/${d.id}/actions`, { version: d.version, ...body });
    expect(x.statusCode, x.body).toBe(200);
    d = x.json();
  }
});
afterAll(() => t.close());

describe('signatures on the agreement', () => {
  it('a party and the mediator sign; hashes kept; the images are in the .docx', async () => {
    const bad = await req('POST', `/api/disputes/${d.id}/agreement/signatures`, { signerRole: 'party', partyId: d.parties[0].id, image: 'data:image/png;base64,AAAA' });
    expect(bad.statusCode).toBe(422);
    const noParty = await req('POST', `/api/disputes/${d.id}/agreement/signatures`, { signerRole: 'party', image: png });
    expect(noParty.statusCode).toBe(422);
    const a = await req('POST', `/api/disputes/${d.id}/agreement/signatures`, { signerRole: 'party', partyId: d.parties[0].id, image: png });
    expect(a.statusCode, a.body).toBe(201);
    const m = await req('POST', `/api/disputes/${d.id}/agreement/signatures`, { signerRole: 'mediator', image: png });
    const list = m.json();
    expect(list.items.map((s: { signerRole: string; signerName: string }) => [s.signerRole, s.signerName])).toEqual([['party', '张三'], ['mediator', expect.any(String)]]);
    expect(list.items[0]).toMatchObject({ signerRole: 'party', valid: true, documentSha256: list.documentSha256, imageSha256: crypto.createHash('sha256').update(Buffer.from(PNG_B64, 'base64')).digest('hex') });
    const docx = await t.inject({ method: 'GET', url: `/api/disputes/${d.id}/agreement.docx`, headers: { cookie: office } });
    expect(docx.statusCode).toBe(200);
    const zip = await JSZip.loadAsync(docx.rawPayload);
    const media = Object.keys(zip.files).filter((f) => f.startsWith('word/media/'));
    expect(media.length).toBeGreaterThanOrEqual(1);
    expect(await zip.file('word/document.xml')!.async('string')).toMatch(/电子签名/);
  });

  it('changing the agreement text afterwards invalidates the signatures (audited); the .docx no longer shows them', async () => {
    const a = (await req('GET', `/api/disputes/${d.id}`)).json().agreement;
    const perf = await req('PATCH', `/api/disputes/${d.id}/agreement`, { version: a.version, performanceStatus: 'performed' });
    expect(perf.statusCode, perf.body).toBe(200);
    expect((await req('GET', `/api/disputes/${d.id}/agreement/signatures`)).json().items.every((s: { valid: boolean }) => s.valid)).toBe(true);
    const ch = await req('PATCH', `/api/disputes/${d.id}/agreement`, { version: perf.json().version, content: '李四疏通排水沟，赔偿张三八百元' });
    expect(ch.statusCode, ch.body).toBe(200);
    const list = (await req('GET', `/api/disputes/${d.id}/agreement/signatures`)).json();
    expect(list.items.every((s: { valid: boolean; invalidatedReason: string }) => !s.valid && s.invalidatedReason === '签名后协议内容已修改')).toBe(true);
    expect(list.items[0].documentSha256).not.toBe(list.documentSha256);
    const audit = await t.database.query<{ n: number }>(`select count(*)::int as n from audit_log where action = 'agreement.signatures_invalidated'`);
    expect(audit[0].n).toBe(1);
    const docx = await t.inject({ method: 'GET', url: `/api/disputes/${d.id}/agreement.docx`, headers: { cookie: office } });
    const zip = await JSZip.loadAsync(docx.rawPayload);
    expect(Object.keys(zip.files).filter((f) => f.startsWith('word/media/'))).toEqual([]);
  });
});
