/**
 * The password rule (issue 12): at least 10 characters, letters and digits, not containing the username,
 * not one of the passwords attackers try first. Pure, so the server and the web forms say the same thing.
 */
export const PASSWORD_MIN_LENGTH = 10;
export const PASSWORD_HINT = `至少 ${PASSWORD_MIN_LENGTH} 位，须同时包含字母和数字，不能包含用户名，不能是常见密码`;

// The most common passwords of leaked lists that pass the length and letter-and-digit rules, and the obvious
// local ones; compared without case.
const COMMON = new Set(
  [
    'password123', 'password1234', 'passw0rd123', 'p@ssw0rd123', 'qwerty12345', 'qwerty123456', 'qwertyuiop1',
    'abc1234567', 'abcd123456', 'abcde12345', 'a123456789', 'a1234567890', 'aa12345678', 'aa123456789',
    'abc123456789', '1234567890a', '123456789a', '1234567890q', '123456789q', 'q123456789', 'qq123456789',
    '1q2w3e4r5t', '1q2w3e4r5t6y', '1qaz2wsx3edc', 'qazwsx123456', '1qazxsw23edc', 'zaq12wsxcde3', 'asdf123456',
    'asd123456789', 'zxc123456789', 'woaini1314520', 'woaini123456', 'iloveyou123', 'admin123456', 'admin12345',
    'administrator1', 'root123456', 'test123456', 'welcome123', 'welcome1234', 'letmein123', 'changeme123',
    'sunshine123', 'football123', 'baseball123', 'dragon12345', 'monkey12345', 'master12345', 'superman123',
    'qwe123456789', 'qweasd123456', 'qweasdzxc123', 'aini1314520', 'wusong12345', 'wusong123456', 'admin1234567',
    'p@ssword123', 'password2024', 'password2025', 'password2026', 'qingxi12345', 'qingxi123456', 'a12345678910',
  ].map((p) => p.toLowerCase()),
);

/** The first rule a new password breaks, as a Chinese sentence; null when it is acceptable. */
export function passwordProblem(pw: string, username?: string | null): string | null {
  if (pw.length < PASSWORD_MIN_LENGTH) return `密码至少 ${PASSWORD_MIN_LENGTH} 位`;
  if (!/[A-Za-z]/.test(pw) || !/[0-9]/.test(pw)) return '密码须同时包含字母和数字';
  const name = username?.trim().toLowerCase();
  if (name && name.length >= 2 && pw.toLowerCase().includes(name)) return '密码不能包含用户名';
  if (COMMON.has(pw.toLowerCase())) return '密码过于常见，请换一个';
  return null;
}
