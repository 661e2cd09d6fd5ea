/**
 * A form field's rule taken from the zod schema the server checks the same field with (core/schemas), so the
 * form and the API say the same thing in the same words: `rules={[zodRule(KeyPersonCreate.shape.name)]}`.
 */
import type { FormRule } from 'antd';
import type { z } from 'zod';

const isEmpty = (v: unknown) => v === undefined || v === null || (typeof v === 'string' && v.trim() === '');

/** Chinese texts for the checks a schema leaves without a message of its own (zod's defaults are English). */
const messageOf = (fallback: string) => (issue: z.core.$ZodRawIssue) => {
  if (issue.code === 'too_big' && issue.origin === 'string') return `不能超过 ${issue.maximum} 个字`;
  if (issue.code === 'too_big' && issue.origin === 'number') return `不能大于 ${issue.maximum}`;
  if (issue.code === 'too_small' && issue.origin === 'number') return `不能小于 ${issue.minimum}`;
  return fallback;
};

/**
 * The rule of one field: required (the asterisk) when the schema refuses an absent value; the schema's own
 * message on failure, or `fallback` where the schema has none of its own (zod's default texts are English).
 */
export function zodRule(schema: z.ZodType, fallback = '请填写此项'): FormRule {
  const required = !schema.safeParse(undefined).success;
  return {
    required,
    validator: async (_rule, value: unknown) => {
      if (isEmpty(value) && !required) return;
      // an empty input is checked as '' so that a required text reports its own "请填写…" message
      const r = schema.safeParse(value ?? '', { error: messageOf(fallback) });
      if (!r.success) throw new Error(r.error.issues[0]?.message ?? fallback);
    },
  };
}
