import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { checkDigit } from './id-number.ts';
import { checkParty, ETHNIC_GROUPS, normalizeEthnicity, normalizePhone, partyFieldError } from './parties.ts';

const TODAY = '2024-06-30';
const ID = '11010519491231002X';

describe('checkParty', () => {
  it.each([
    ['a person with a valid number', { name: ' 张三 ', idNumber: ' 11010519491231002x ', phone: '139-0000 0000' }, { name: '张三', idNumber: ID, phone: '13900000000' }, []],
    ['blank number and phone', { name: '李四', idNumber: '  ', phone: ' ' }, { name: '李四', idNumber: null, phone: null }, []],
    ['no name', { name: '  ' }, { name: '', idNumber: null, phone: null }, [{ field: 'name', message: '请填写当事人姓名或名称' }]],
    ['a wrong check digit', { name: '王五', idNumber: '110105194912310021' }, { name: '王五', idNumber: null, phone: null }, [{ field: 'idNumber', message: '身份证号校验位错误，应为X' }]],
    ['a birth date after today', { name: '王五', idNumber: '110105202501010011' }, { name: '王五', idNumber: null, phone: null }, [{ field: 'idNumber', message: '身份证号中的出生日期无效：20250101' }]],
    ['an organisation with a credit code', { kind: 'organisation', name: '某公司', idNumber: '９１３３０１００ＭＡ２８ＸＸＸＸ１Ｘ' }, { name: '某公司', idNumber: '91330100MA28XXXX1X', phone: null }, []],
    ['an organisation with a bad code', { kind: 'organisation', name: '某公司', idNumber: '123-45' }, { name: '某公司', idNumber: null, phone: null }, [{ field: 'idNumber', message: '统一社会信用代码格式有误' }]],
    ['an organisation is not checked as a person', { kind: 'organisation', name: '某村委会', idNumber: '12345678' }, { name: '某村委会', idNumber: '12345678', phone: null }, []],
    ['a phone that is no number at all (issue 15.3)', { name: '赵六', phone: 'not-a-phone' }, { name: '赵六', idNumber: null, phone: null }, [{ field: 'phone', message: '电话格式有误' }]],
    ['a phone with letters among its digits', { name: '赵六', phone: '139abc00000000' }, { name: '赵六', idNumber: null, phone: null }, [{ field: 'phone', message: '电话格式有误' }]],
    ['a landline with brackets and an extension', { name: '赵六', phone: '(0571) 8888-1234' }, { name: '赵六', idNumber: null, phone: '057188881234' }, []],
    ['a phone too short', { name: '赵六', phone: '12-34' }, { name: '赵六', idNumber: null, phone: null }, [{ field: 'phone', message: '电话格式有误' }]],
    ['every error in order', { name: '', idNumber: '123', phone: '1' }, { name: '', idNumber: null, phone: null }, [
      { field: 'name', message: '请填写当事人姓名或名称' },
      { field: 'idNumber', message: '身份证号长度应为18位（当前为3位）' },
      { field: 'phone', message: '电话格式有误' },
    ]],
    ['民族 written short', { name: '张三', ethnicity: ' 汉 ' }, { name: '张三', idNumber: null, phone: null, ethnicity: '汉族' }, []],
    ['民族 written in full', { name: '张三', ethnicity: '维吾尔族' }, { name: '张三', idNumber: null, phone: null, ethnicity: '维吾尔族' }, []],
    ['a 民族 that is none', { name: '张三', ethnicity: '火星族' }, { name: '张三', idNumber: null, phone: null, ethnicity: null }, [{ field: 'ethnicity', message: '民族“火星族”无效，应为五十六个民族之一，如“汉族”' }]],
    ['an organisation has no 民族 (dropped)', { kind: 'organisation', name: '某公司', ethnicity: '汉族' }, { name: '某公司', idNumber: null, phone: null, ethnicity: null }, []],
  ])('%s', (_, input, value, errors) => {
    expect(checkParty(input, { today: TODAY })).toEqual({ value: { ethnicity: null, ...value }, errors });
  });

  it('knows the 56 民族 and GB/T 3304’s two further entries, with or without 族', () => {
    expect(ETHNIC_GROUPS).toHaveLength(58);
    expect(new Set(ETHNIC_GROUPS).size).toBe(58);
    for (const g of ETHNIC_GROUPS) {
      expect(normalizeEthnicity(g)).toBe(g);
      if (g.endsWith('族')) expect(normalizeEthnicity(g.slice(0, -1))).toBe(g);
    }
    expect(normalizeEthnicity('  ')).toBeNull();
    expect(normalizeEthnicity('族')).toBeUndefined();
  });

  it('gives one field its first error (the web form)', () => {
    expect(partyFieldError({ name: '', phone: '1' }, 'phone')).toBe('电话格式有误');
    expect(partyFieldError({ name: '', phone: '1' }, 'idNumber')).toBeNull();
  });

  const digits = (n: number) => fc.string({ unit: fc.constantFrom(...'0123456789'.split('')), minLength: n, maxLength: n });
  const validId = fc
    .tuple(digits(6), fc.integer({ min: 1900, max: 2023 }), fc.integer({ min: 1, max: 12 }), fc.integer({ min: 1, max: 28 }), digits(3))
    .map(([area, y, m, d, seq]) => {
      const first17 = `${area}${y}${String(m).padStart(2, '0')}${String(d).padStart(2, '0')}${seq}`;
      return first17 + checkDigit(first17);
    });

  it('accepts every valid identity number of a person, normalised, and refuses it after one changed digit', () => {
    fc.assert(
      fc.property(validId, fc.integer({ min: 0, max: 16 }), fc.integer({ min: 1, max: 9 }), (id, at, add) => {
        expect(checkParty({ name: '甲', idNumber: ` ${id.toLowerCase()} ` }, { today: TODAY })).toEqual({ value: { name: '甲', idNumber: id, phone: null, ethnicity: null }, errors: [] });
        const typo = id.slice(0, at) + String((Number(id[at]) + add) % 10) + id.slice(at + 1);
        const r = checkParty({ name: '甲', idNumber: typo }, { today: TODAY });
        expect(r.value.idNumber).toBeNull();
        expect(r.errors.map((e) => e.field)).toEqual(['idNumber']);
      }),
    );
  });

  it('never throws, and a value it keeps is valid again (idempotent)', () => {
    fc.assert(
      fc.property(
        fc.record({ kind: fc.constantFrom('person', 'organisation', undefined), name: fc.option(fc.string()), idNumber: fc.option(fc.string()), phone: fc.option(fc.string()), ethnicity: fc.option(fc.oneof(fc.string(), fc.constantFrom(...ETHNIC_GROUPS))) }),
        (p) => {
          const r = checkParty(p, { today: TODAY });
          const again = checkParty({ kind: p.kind, ...r.value }, { today: TODAY });
          expect(again.value).toEqual(r.value);
          expect(again.errors.filter((e) => e.field !== 'name')).toEqual([]);
        },
      ),
    );
  });
});

describe('normalizePhone', () => {
  it.each([
    [null, null],
    ['  ', null],
    ['139 0000-0000', '13900000000'],
    ['+86 139 0000 0000', '+8613900000000'],
    ['１３９', '139'],
    ['无', null],
  ])('%s → %s', (input, out) => expect(normalizePhone(input)).toBe(out));
});
