/**
 * An antd form rule from a field of a core input schema (`zodRule(DisputeCreate.shape.summary)`): the form
 * checks what the server's route checks, with the same Chinese messages (issue 11.2: one contract per write).
 */
import type { FormRule } from 'antd';
import { z } from 'zod';
import zhCN from 'zod/v4/locales/zh-CN.js';

// zod's own messages (a wrong type, a number too large) in Chinese, as on the server
z.config(zhCN());

/** An empty field is checked as '' when the schema refuses `undefined`, so a required text says its own message. */
export function zodRule(schema: z.ZodType): FormRule {
  const optional = schema.safeParse(undefined).success;
  return {
    // the asterisk; the check itself is the validator's (antd runs a custom validator instead of `required`)
    required: !optional,
    validator: async (_, value: unknown) => {
      const empty = value === undefined || value === null || value === '';
      const r = schema.safeParse(empty && !optional ? '' : empty ? undefined : value);
      if (!r.success) throw new Error(r.error.issues[0]?.message ?? '输入有误');
    },
  };
}
