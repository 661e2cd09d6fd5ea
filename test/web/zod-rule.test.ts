import { describe, expect, it } from 'vitest';
import { zodRule } from '../../web/src/app/zod-rule.ts';
import { KeyPersonCreate } from '../../core/schemas/key-persons.ts';

type Checked = { required?: boolean; validator: (rule: unknown, value: unknown) => Promise<void> };
const rule = (...a: Parameters<typeof zodRule>) => zodRule(...a) as Checked;

describe('zodRule: a form field checked by its core schema', () => {
  it('a required text: the asterisk, and the schema message for an empty or blank value', async () => {
    const r = rule(KeyPersonCreate.shape.name);
    expect(r.required).toBe(true);
    await expect(r.validator({}, undefined)).rejects.toThrow('请填写姓名');
    await expect(r.validator({}, '   ')).rejects.toThrow('请填写姓名');
    await expect(r.validator({}, '张三')).resolves.toBeUndefined();
    await expect(r.validator({}, '张'.repeat(51))).rejects.toThrow('不能超过 50 个字');
  });
  it('an enum without its own message takes the fallback', async () => {
    const r = rule(KeyPersonCreate.shape.type, '请选择类型');
    expect(r.required).toBe(true);
    await expect(r.validator({}, undefined)).rejects.toThrow('请选择类型');
    await expect(r.validator({}, 'no_such_type')).rejects.toThrow('请选择类型');
    await expect(r.validator({}, 'threatened_petition')).resolves.toBeUndefined();
  });
  it('an optional text may be left empty', async () => {
    const r = rule(KeyPersonCreate.shape.phone);
    expect(r.required).toBe(false);
    await expect(r.validator({}, undefined)).resolves.toBeUndefined();
    await expect(r.validator({}, '')).resolves.toBeUndefined();
    await expect(r.validator({}, '1'.repeat(31))).rejects.toThrow('不能超过 30 个字');
  });
});
