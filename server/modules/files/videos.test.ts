// Issue 18.4: short videos on legal-education activities (the seed's 图片、视频): MP4 or WebM recognised by their
// first bytes, at most 50 MB; other records keep photos and PDFs of at most 5 MB; videos are served in ranges.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TestApp } from '../../../test/helpers.ts';
import { preventionFixture, requester } from '../../../test/prevention-fixture.ts';
import { TREE } from '../../../test/factories.ts';
import { multipartFile, PNG_1PX } from '../../../test/multipart.ts';

let t: TestApp;
let a1: string;
let office: string;

beforeAll(async () => {
  ({ t, a1, office } = await preventionFixture());
});
afterAll(() => t.close());

const req = requester(() => t);
const MB = 1024 * 1024;
/** An MP4's first box (ftyp, brand isom) followed by filler. */
const mp4 = (size: number) => Buffer.concat([Buffer.from([0, 0, 0, 0x18]), Buffer.from('ftypisom\0\0\x02\0isomiso2', 'latin1'), Buffer.alloc(Math.max(0, size - 24), 7)]);
/** A WebM's EBML header (DocType webm) followed by filler. */
const webm = (size: number) => Buffer.concat([Buffer.from([0x1a, 0x45, 0xdf, 0xa3, 0x9f, 0x42, 0x86, 0x81, 0x01, 0x42, 0x82, 0x84]), Buffer.from('webm', 'latin1'), Buffer.alloc(Math.max(0, size - 16), 1)]);
const upload = (cookie: string, owner: string, id: string, name: string, content: Buffer, type: string) => {
  const f = multipartFile(name, content, type);
  return t.inject({ method: 'POST', url: `/api/files?ownerEntity=${owner}&ownerId=${id}`, headers: { cookie, ...f.headers }, payload: f.payload });
};

describe('videos on education activities', () => {
  it('takes MP4 and WebM up to 50 MB there, refuses them elsewhere, and serves byte ranges', async () => {
    const act = await req(a1, 'POST', '/api/education/activities', { type: 'lecture', heldOn: '2024-03-15', regionCode: TREE.a1, title: '民法典进村', participants: 60 });
    expect(act.statusCode, act.body).toBe(201);
    const id = act.json().id;

    const v = await upload(a1, 'education_activity', id, '讲座.mp4', mp4(6 * MB), 'video/mp4');
    expect(v.statusCode, v.body).toBe(201);
    expect(v.json()).toMatchObject({ mimeType: 'video/mp4', size: 6 * MB });
    const w = await upload(a1, 'education_activity', id, '现场.webm', webm(2000), 'video/webm');
    expect(w.statusCode, w.body).toBe(201);
    expect(w.json().mimeType).toBe('video/webm');

    // the type is what the bytes say, not the name or the claimed type
    const fake = await upload(a1, 'education_activity', id, '假视频.mp4', Buffer.alloc(4000, 3), 'video/mp4');
    expect(fake.statusCode).toBe(422);
    expect(fake.json().detail).toBe('只能上传 JPEG、PNG、WebP 图片，PDF 文件或 MP4、WebM 视频');
    // photos keep their 5 MB limit on the same record
    const bigPhoto = await upload(a1, 'education_activity', id, '大图.png', Buffer.concat([PNG_1PX, Buffer.alloc(5 * MB)]), 'image/png');
    expect(bigPhoto.statusCode).toBe(413);
    expect(bigPhoto.json().detail).toBe('文件不能超过 5 MB');
    const tooLong = await upload(a1, 'education_activity', id, '太长.mp4', mp4(50 * MB + 1), 'video/mp4');
    expect(tooLong.statusCode).toBe(413);
    expect(tooLong.json().detail).toBe('文件不能超过 50 MB');

    // a facility takes no videos
    const fac = await req(a1, 'POST', '/api/facilities', { regionCode: TREE.a1, type: 'public_legal_service_station' });
    expect(fac.statusCode, fac.body).toBe(201);
    const onFacility = await upload(a1, 'facility', fac.json().id, '站点.mp4', mp4(1000), 'video/mp4');
    expect(onFacility.statusCode).toBe(422);
    expect(onFacility.json().detail).toBe('只能上传 JPEG、PNG、WebP 图片或 PDF 文件');

    const detail = (await req(office, 'GET', `/api/education/activities/${id}`)).json();
    expect(detail.photos.map((p: { mimeType: string }) => p.mimeType)).toEqual(['video/mp4', 'video/webm']);
    const url = detail.photos[0].url;
    const whole = await req(office, 'GET', url);
    expect(whole.statusCode).toBe(200);
    expect(whole.headers['accept-ranges']).toBe('bytes');
    expect(whole.rawPayload.length).toBe(6 * MB);
    const part = await t.inject({ method: 'GET', url, headers: { cookie: office, range: 'bytes=4-11' } });
    expect(part.statusCode).toBe(206);
    expect(part.headers['content-range']).toBe(`bytes 4-11/${6 * MB}`);
    expect(part.rawPayload.toString('latin1')).toBe('ftypisom');
    const tail = await t.inject({ method: 'GET', url, headers: { cookie: office, range: 'bytes=-10' } });
    expect(tail.statusCode).toBe(206);
    expect(tail.headers['content-range']).toBe(`bytes ${6 * MB - 10}-${6 * MB - 1}/${6 * MB}`);
    expect((await t.inject({ method: 'GET', url, headers: { cookie: office, range: `bytes=${6 * MB}-` } })).statusCode).toBe(416);
  }, 120_000);
});
