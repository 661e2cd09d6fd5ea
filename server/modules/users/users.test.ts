// The users list's 导出所选 (issue 18.4): `ids=` on GET /api/users?format=xlsx, for the administrator only.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../../test/helpers.ts';
import { seedTree, TREE } from '../../../test/factories.ts';
import { expectSelectedExport } from '../../../test/xlsx.ts';

let t: TestApp;
let admin: string;
let office: string;
beforeAll(async () => {
  t = await createTestApp();
  await seedTree(t.database);
  admin = await t.login('admin');
  office = await t.userWith('town_office', { regionCode: TREE.townA }, 'office_a');
  for (const name of ['chosen_one', 'chosen_two', 'not_chosen']) await t.userWith('village_admin', { regionCode: TREE.a1 }, name);
});
afterAll(() => t.close());

const idOf = async (username: string) => (await t.database.query<{ id: string }>('select id from users where username = $1', [username]))[0].id;
const get = (cookie: string) => (url: string) => t.inject({ method: 'GET', url, headers: { cookie } });

describe('GET /api/users?format=xlsx&ids=', () => {
  it('exports only the chosen users; an id of no user adds nothing; a malformed list is a 400', async () => {
    const row = async (username: string) => ({ id: await idOf(username), label: username });
    await expectSelectedExport(get(admin), '/api/users', {
      chosen: [await row('chosen_one'), await row('chosen_two')],
      notChosen: await row('not_chosen'),
      outside: { id: crypto.randomUUID(), label: 'office_a' },
    });
  });

  it('is the administrator\'s only, with or without ids', async () => {
    const r = await get(office)(`/api/users?format=xlsx&ids=${await idOf('chosen_one')}`);
    expect(r.statusCode).toBe(403);
    expect(r.headers['content-type']).toMatch(/application\/problem\+json/);
  });
});
