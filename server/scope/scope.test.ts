/** The in-memory scope predicates (the SQL conditions are exercised by every feature's tests and test/scope.test.ts). */
import { describe, expect, it } from 'vitest';
import { makeActor, systemActor, type Binding } from '../modules/auth/actor.ts';
import { attributedVisible, pathVisible, visiblePaths } from './region.ts';
import { unitAbove } from './unit.ts';
import { isResponsible, managesPath } from './key-person.ts';

const actor = (bindings: Binding[], id = 'u1') => makeActor({ id, username: id, name: id, bindings, via: 'session' });
const TOWN = '/33/3307/330782/330782001/';
const VILLAGE = `${TOWN}330782001001/`;
const OTHER_TOWN = '/33/3307/330782/330782002/';

describe('region scope', () => {
  it('sees its bindings and below; admin everything', () => {
    const a = actor([{ role: 'town_office', regionCode: '330782001', unitId: null, path: TOWN }]);
    expect(visiblePaths(a)).toEqual([TOWN]);
    expect(pathVisible(a, VILLAGE)).toBe(true);
    expect(pathVisible(a, TOWN)).toBe(true);
    expect(pathVisible(a, OTHER_TOWN)).toBe(false);
    expect(pathVisible(a, '/33/3307/330782/')).toBe(false);
    expect(visiblePaths(systemActor())).toBeNull();
    expect(pathVisible(systemActor(), OTHER_TOWN)).toBe(true);
  });

  it('narrows to the given roles', () => {
    const a = actor([
      { role: 'village_admin', regionCode: '330782002001', unitId: null, path: `${OTHER_TOWN}330782002001/` },
      { role: 'town_office', regionCode: '330782001', unitId: null, path: TOWN },
    ]);
    expect(visiblePaths(a, ['town_office'])).toEqual([TOWN]);
    expect(pathVisible(a, `${OTHER_TOWN}330782002001/`)).toBe(true);
    expect(pathVisible(a, `${OTHER_TOWN}330782002001/`, ['town_office'])).toBe(false);
    expect(visiblePaths(actor([]))).toEqual([]);
  });

  it('an unattributed record is seen through its owner region, an attributed one only through its own', () => {
    const visible = (c: unknown) => c === 'mine';
    expect(attributedVisible(visible, 'mine', 'other')).toBe(true);
    expect(attributedVisible(visible, null, 'mine')).toBe(true);
    expect(attributedVisible(visible, 'other', 'mine')).toBe(false);
    expect(attributedVisible(visible, 'other', 'other', 'mine')).toBe(true);
    expect(attributedVisible(visible, 'other', 'other', null)).toBe(false);
  });
});

describe('unit and key-person scope', () => {
  it('a unit-bound user may filter by regions above or below the unit, not beside it', () => {
    const dept = actor([{ role: 'department', regionCode: null, unitId: 'police', path: TOWN }]);
    expect(unitAbove(dept, { path: '/33/3307/330782/' })).toBe(true);
    expect(unitAbove(dept, { path: VILLAGE })).toBe(true);
    expect(unitAbove(dept, { path: OTHER_TOWN })).toBe(false);
    // a region binding does not count as a unit
    expect(unitAbove(actor([{ role: 'town_office', regionCode: '330782001', unitId: null, path: TOWN }]), { path: '/33/' })).toBe(false);
  });

  it('key persons are managed by the town office (or admin) and followed by their cadre', () => {
    const office = actor([{ role: 'town_office', regionCode: '330782001', unitId: null, path: TOWN }]);
    const villageAdmin = actor([{ role: 'village_admin', regionCode: '330782001001', unitId: null, path: VILLAGE }], 'cadre');
    expect(managesPath(office, VILLAGE)).toBe(true);
    expect(managesPath(office, OTHER_TOWN)).toBe(false);
    expect(managesPath(villageAdmin, VILLAGE)).toBe(false);
    expect(managesPath(systemActor(), OTHER_TOWN)).toBe(true);
    expect(isResponsible(villageAdmin, { responsibleUserId: 'cadre' })).toBe(true);
    expect(isResponsible(office, { responsibleUserId: 'cadre' })).toBe(false);
    expect(isResponsible(systemActor(), { responsibleUserId: 'cadre' })).toBe(false);
  });
});
