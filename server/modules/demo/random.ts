/** A small seeded PRNG so the demo and the bench generate the same data every time. */
export function rng(seed = 20240701) {
  let a = seed >>> 0;
  const next = () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  return {
    next,
    int: (min: number, max: number) => min + Math.floor(next() * (max - min + 1)),
    pick: <T>(xs: readonly T[]): T => xs[Math.floor(next() * xs.length)],
    chance: (p: number) => next() < p,
    /** picks by weight: [[value, weight], …] */
    weighted: <T>(xs: readonly (readonly [T, number])[]): T => {
      const total = xs.reduce((s, [, w]) => s + w, 0);
      let r = next() * total;
      for (const [v, w] of xs) if ((r -= w) < 0) return v;
      return xs[xs.length - 1][0];
    },
    /** a calendar day of year Y as YYYY-MM-DD, not after `until` */
    dayIn: (year: number, until?: string) => {
      const start = Date.UTC(year, 0, 1);
      const end = until ? Math.min(Date.parse(until + 'T00:00:00Z'), Date.UTC(year, 11, 31)) : Date.UTC(year, 11, 31);
      return new Date(start + Math.floor(next() * ((end - start) / 86400000 + 1)) * 86400000).toISOString().slice(0, 10);
    },
  };
}
export type Rng = ReturnType<typeof rng>;

const SURNAMES = '王李张刘陈杨黄赵吴周徐孙马朱胡郭何林罗高郑梁谢宋唐许韩冯邓曹彭曾肖田董潘袁蔡蒋余于杜叶程魏苏吕丁任沈姚卢傅钟姜崔谭廖范汪陆金石戴贾韦夏邱方侯邹熊孟秦白江阎薛尹段雷黎史龙陶贺顾毛郝龚邵万钱严覃武戴莫孔向汤';
const GIVEN = '伟芳娜秀英敏静丽强磊军洋勇艳杰娟涛明超秀兰霞平刚桂英建华文华玉兰红梅志强海燕春梅建国建军志明晓东丽华小红金凤德明国庆';
export function chineseName(r: Rng): string {
  const s = SURNAMES[r.int(0, SURNAMES.length - 1)];
  const g = r.chance(0.6) ? GIVEN.substr(r.int(0, GIVEN.length - 2), 2) : GIVEN[r.int(0, GIVEN.length - 1)];
  return s + g;
}
export function mobile(r: Rng): string {
  return r.pick(['138', '139', '135', '137', '150', '151', '158', '159', '187', '188', '177', '133', '153']) + String(r.int(0, 99999999)).padStart(8, '0');
}
