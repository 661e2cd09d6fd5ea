import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { passwordProblem, PASSWORD_MIN_LENGTH } from './password-policy.ts';

describe('passwordProblem', () => {
  it.each([
    ['Short1abc', null, '密码至少 10 位'],
    ['abcdefghijk', null, '密码须同时包含字母和数字'],
    ['12345678901', null, '密码须同时包含字母和数字'],
    ['zhangsan2024x', 'zhangsan', '密码不能包含用户名'],
    ['xZhangSan2024', 'zhangsan', '密码不能包含用户名'],
    ['Password123', null, '密码过于常见，请换一个'],
    ['1Q2W3E4R5T', 'someone', '密码过于常见，请换一个'],
    ['Qingxi2024', null, null],
    ['Passw0rd!x', 'admin', null],
    ['Kx7mPq2vLt', '张三', null],
  ])('%s (user %s) → %s', (pw, user, expected) => {
    expect(passwordProblem(pw, user)).toBe(expected);
  });

  it('accepts any long enough mix of letters and digits that is not the username', () => {
    fc.assert(
      fc.property(fc.stringMatching(/^[A-Za-z]{5,12}[0-9]{5,8}[A-Za-z]{3}$/), (pw) => {
        expect(passwordProblem(pw, 'u_' + pw.slice(0, 1))).toBe(null);
      }),
    );
  });

  it('refuses everything shorter than the minimum', () => {
    fc.assert(fc.property(fc.string({ maxLength: PASSWORD_MIN_LENGTH - 1 }), (pw) => {
      expect(passwordProblem(pw)).not.toBe(null);
    }));
  });
});
