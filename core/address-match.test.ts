import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { buildAddressIndex, matchAddress, type AddressMatch, type AddressRegion } from './address-match.ts';

const R = (
  code: string,
  name: string,
  level: AddressRegion['level'],
  parentCode: string | null,
  aliases: string[] = [],
  active = true,
): AddressRegion => ({ code, name, level, parentCode, aliases, active });

// A small real-looking tree: 浙江省 / 金华市 / 义乌市 + 东阳市.
const REGIONS: AddressRegion[] = [
  R('330000000000', '浙江省', 'province', null, ['浙江']),
  R('330700000000', '金华市', 'city', '330000000000', ['金华']),
  R('330782000000', '义乌市', 'county', '330700000000', ['义乌']),
  R('330783000000', '东阳市', 'county', '330700000000', ['东阳']),
  // 义乌市
  R('330782101000', '佛堂镇', 'town', '330782000000', ['佛堂']),
  R('330782101201', '东村', 'village', '330782101000'),
  R('330782101202', '大东村', 'village', '330782101000'),
  R('330782101203', '佛堂村', 'village', '330782101000'),
  R('330782101204', '倍磊村', 'village', '330782101000', ['倍磊']),
  R('330782101205', '旧村', 'village', '330782101000', [], false),
  R('330782101001', '蟠龙社区', 'community', '330782101000'),
  R('330782101206', '赤岸村', 'village', '330782101000'), // contains the alias of another town
  R('330782102000', '赤岸镇', 'town', '330782000000', ['赤岸']),
  R('330782102201', '东村', 'village', '330782102000'),
  R('330782102202', '朱店村', 'village', '330782102000'),
  R('330782001000', '稠城街道', 'town', '330782000000'),
  R('330782001001', '绣湖社区', 'community', '330782001000'),
  R('330782001001901', '绣湖一网格', 'grid', '330782001001'),
  R('330782103000', '大陈镇', 'town', '330782000000'),
  R('330782103201', '大陈村', 'village', '330782103000', ['大陈']),
  R('330782004000', '城西街道', 'town', '330782000000'),
  R('330782004201', '七一村', 'village', '330782004000'),
  // 东阳市 — a town of the same name
  R('330783004000', '城西街道', 'town', '330783000000'),
  R('330783004201', '吴宁村', 'village', '330783004000'),
];
const index = buildAddressIndex(REGIONS);

const matched = (regionCode: string, level: 'town' | 'village' | 'community', townCode: string): AddressMatch => ({
  status: 'matched',
  regionCode,
  level,
  townCode,
});
const townOnly = (townCode: string, candidates: string[]): AddressMatch => ({ status: 'town_only', townCode, candidates });
const unattributed = (reason: RegExp) => ({ status: 'unattributed', reason: expect.stringMatching(reason) });

describe('matchAddress', () => {
  const cases: Array<[string, string | undefined, unknown]> = [
    ['浙江省义乌市佛堂镇东村3组12号', undefined, matched('330782101201', 'village', '330782101000')],
    ['义乌市佛堂镇大东村', undefined, matched('330782101202', 'village', '330782101000')],
    ['佛堂镇东村、大东村', undefined, townOnly('330782101000', ['330782101201', '330782101202'])],
    ['佛堂镇人民路88号', undefined, matched('330782101000', 'town', '330782101000')],
    ['义乌市赤岸镇朱店村', undefined, matched('330782102202', 'village', '330782102000')],
    ['义乌市赤岸镇东村', undefined, matched('330782102201', 'village', '330782102000')],
    ['义乌佛堂东村', undefined, matched('330782101201', 'village', '330782101000')],
    ['义乌市佛堂村', undefined, matched('330782101203', 'village', '330782101000')],
    ['佛堂镇赤岸村', undefined, matched('330782101206', 'village', '330782101000')],
    ['赤岸朱店村', undefined, matched('330782102202', 'village', '330782102000')],
    ['佛堂镇旧村5号', undefined, matched('330782101000', 'town', '330782101000')],
    ['稠城街道绣湖社区绣湖一网格', undefined, matched('330782001001', 'community', '330782001000')],
    ['大陈镇工业区', undefined, matched('330782103000', 'town', '330782103000')],
    ['大陈镇大陈村', undefined, matched('330782103201', 'village', '330782103000')],
    ['佛堂镇　东 村', undefined, matched('330782101201', 'village', '330782101000')],
    ['东阳市城西街道', undefined, matched('330783004000', 'town', '330783004000')],
    ['城西街道七一村', undefined, matched('330782004201', 'village', '330782004000')],
    ['城西街道吴宁村', undefined, matched('330783004201', 'village', '330783004000')],
    ['城西街道88号', undefined, unattributed(/多个乡镇.*城西街道/)],
    ['户籍佛堂镇，现住赤岸镇朱店村', undefined, unattributed(/多个乡镇.*佛堂镇、赤岸镇|多个乡镇.*赤岸镇、佛堂镇/)],
    ['义乌市某某路1号', undefined, unattributed(/未找到乡镇/)],
    ['义乌市倍磊3组', undefined, unattributed(/未找到乡镇/)],
    ['', undefined, unattributed(/地址为空/)],
    ['   ', undefined, unattributed(/地址为空/)],
    // with a known town
    ['义乌市倍磊3组', '330782101000', matched('330782101204', 'village', '330782101000')],
    ['东村5号', '330782102000', matched('330782102201', 'village', '330782102000')],
    ['某某路1号', '330782102000', matched('330782102000', 'town', '330782102000')],
    ['', '330782102000', matched('330782102000', 'town', '330782102000')],
    ['佛堂镇东村', '330782102000', unattributed(/佛堂镇.*与指定的“赤岸镇”不一致/)],
    ['城西街道七一村', '330783004000', matched('330783004000', 'town', '330783004000')],
    ['佛堂镇东村', '999', unattributed(/指定的乡镇（街道）代码不存在：999/)],
    ['佛堂镇东村', '330782101201', unattributed(/代码不存在/)],
  ];
  it.each(cases)('%j (town %s)', (address, townCode, expected) => {
    expect(matchAddress(index, address, townCode ? { townCode } : {})).toEqual(expected);
  });

  it('two villages of the same name in one town are ambiguous', () => {
    const idx = buildAddressIndex([
      R('T', '新镇', 'town', null),
      R('V1', '下宅村', 'village', 'T'),
      R('V2', '下宅新村', 'village', 'T', ['下宅村']),
    ]);
    expect(matchAddress(idx, '新镇下宅村')).toEqual(townOnly('T', ['V1', 'V2']));
    expect(matchAddress(idx, '新镇下宅新村')).toEqual(matched('V2', 'village', 'T'));
  });

  it('ignores one-character names and non-string input', () => {
    const idx = buildAddressIndex([R('T', '新镇', 'town', null, ['新']), R('V', '东村', 'village', 'T', ['东'])]);
    expect(matchAddress(idx, '新东')).toEqual(unattributed(/未找到乡镇/));
    expect(matchAddress(idx, null as unknown as string)).toEqual(unattributed(/地址为空/));
  });

  it('works with an empty region list', () => {
    expect(matchAddress(buildAddressIndex([]), '佛堂镇东村')).toEqual(unattributed(/未找到乡镇/));
  });
});

// ---------------------------------------------------------------------------------------------------

const POOL = '东西南北大小新上下前后山溪塘桥湖岭坑头口里'.split('');
const baseName = fc.string({ unit: fc.constantFrom(...POOL), minLength: 1, maxLength: 3 });

/** A county with 1–6 towns of distinct names, each with 0–8 villages. */
const worldArb = fc
  .uniqueArray(baseName.map((b) => b + '镇'), { minLength: 1, maxLength: 6 })
  .chain((townNames) =>
    fc.tuple(
      fc.constant(townNames),
      fc.array(fc.uniqueArray(baseName.map((b) => b + '村'), { maxLength: 8 }), {
        minLength: townNames.length,
        maxLength: townNames.length,
      }),
    ),
  )
  .map(([townNames, villageNames]) => {
    const regions: AddressRegion[] = [R('C', '某县', 'county', null)];
    townNames.forEach((tn, i) => {
      regions.push(R(`T${i}`, tn, 'town', 'C'));
      villageNames[i].forEach((vn, j) => regions.push(R(`T${i}V${j}`, vn, 'village', `T${i}`)));
    });
    return regions;
  });
const filler = fc.string({ unit: fc.constantFrom(...'0123456789号路组弄栋室'.split('')), maxLength: 4 });

describe('matchAddress — properties', () => {
  it('never throws and returns a consistent result', () => {
    const addr = fc.oneof(
      fc.string(),
      fc.string({ unit: 'grapheme' }),
      fc.array(fc.constantFrom(...REGIONS.map((r) => r.name), '路', '1', ' ', '　'), { maxLength: 8 }).map((a) => a.join('')),
    );
    const townCode = fc.option(fc.constantFrom(...REGIONS.map((r) => r.code), 'x', ''), { nil: undefined });
    fc.assert(
      fc.property(addr, townCode, (a, t) => {
        const r = matchAddress(index, a, { townCode: t });
        if (r.status === 'matched') {
          const region = REGIONS.find((x) => x.code === r.regionCode)!;
          expect(region.active).toBe(true);
          expect(['town', 'village', 'community']).toContain(region.level);
          expect(region.level === 'town' ? region.code : region.parentCode).toBe(r.townCode);
          if (t) expect(r.townCode).toBe(t);
        } else if (r.status === 'town_only') {
          expect(r.candidates.length).toBeGreaterThan(1);
          for (const c of r.candidates) expect(REGIONS.find((x) => x.code === c)!.parentCode).toBe(r.townCode);
        } else {
          expect(r.reason.length).toBeGreaterThan(0);
        }
      }),
      { numRuns: 3000 },
    );
  });

  it("an address with a town's name and exactly one of its villages' names matches that village", () => {
    fc.assert(
      fc.property(
        worldArb.chain((regions) => {
          const villages = regions.filter((r) => r.level === 'village');
          return fc.tuple(fc.constant(regions), villages.length ? fc.constantFrom(...villages) : fc.constant(null));
        }),
        filler,
        filler,
        filler,
        fc.boolean(),
        ([regions, village], f1, f2, f3, villageFirst) => {
          fc.pre(village !== null);
          const v = village!;
          const town = regions.find((r) => r.code === v.parentCode)!;
          const address = villageFirst
            ? f1 + v.name + f2 + town.name + f3
            : f1 + town.name + f2 + v.name + f3;
          const occurs = (n: string) => address.includes(n);
          // preconditions: exactly one village name of the town, no other town, and the village name is
          // not merely part of a longer region name in the address
          fc.pre(regions.filter((r) => r.parentCode === town.code && occurs(r.name)).length === 1);
          fc.pre(regions.filter((r) => r.level === 'town' && r.code !== town.code && occurs(r.name)).length === 0);
          fc.pre(!regions.some((r) => r.name !== v.name && r.name.includes(v.name) && occurs(r.name)));
          const idx = buildAddressIndex(regions);
          expect(matchAddress(idx, address)).toEqual(matched(v.code, 'village', town.code));
        },
      ),
      { numRuns: 500 },
    );
  });

  it('an address with a town name and none of its villages matches the town', () => {
    fc.assert(
      fc.property(worldArb, fc.nat(), filler, filler, (regions, pick, f1, f2) => {
        const towns = regions.filter((r) => r.level === 'town');
        const town = towns[pick % towns.length];
        const address = f1 + town.name + f2;
        fc.pre(!regions.some((r) => r.code !== town.code && address.includes(r.name)));
        expect(matchAddress(buildAddressIndex(regions), address)).toEqual(matched(town.code, 'town', town.code));
      }),
      { numRuns: 300 },
    );
  });
});

// Speed belongs to `npm run bench`, not to assertions (a loaded CI machine made a time limit here flaky).
describe('matchAddress — at county scale', () => {
  it('matches 100k addresses against ~10k regions', () => {
    const chars = '安宝北滨城川大德东丰福港高河湖华江金锦康岭龙茂南平浦青泉山上石寿水顺塘桃溪祥新兴阳义永玉云长中竹';
    const pick = (n: number, len: number) => {
      let s = '';
      for (let k = 0; k < len; k++) s += chars[(n * 7 + k * 13 + (n >> (k + 2))) % chars.length];
      return s;
    };
    const regions: AddressRegion[] = [R('C', '某市', 'county', null)];
    for (let t = 0; t < 200; t++) {
      regions.push(R(`T${t}`, `${pick(t, 2)}${t}镇`, 'town', 'C', [`${pick(t, 2)}${t}`]));
      for (let v = 0; v < 50; v++) {
        regions.push(R(`T${t}V${v}`, `${pick(t * 50 + v, 3)}村`, 'village', `T${t}`, [`${pick(t * 50 + v, 3)}${v}`]));
      }
    }
    const idx = buildAddressIndex(regions);

    const addresses: string[] = [];
    for (let i = 0; i < 100_000; i++) {
      const t = i % 200;
      const v = (i * 31) % 50;
      addresses.push(`浙江省某市${regions[1 + t * 51].name}${regions[1 + t * 51 + 1 + v].name}${i % 97}组${i}号`);
    }
    const counts: Record<string, number> = {};
    for (const a of addresses) {
      const r = matchAddress(idx, a);
      counts[r.status] = (counts[r.status] ?? 0) + 1;
    }
    expect((counts.matched ?? 0) + (counts.town_only ?? 0)).toBeGreaterThan(90_000);
  });
});
