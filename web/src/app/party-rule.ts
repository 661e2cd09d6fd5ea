/**
 * An antd form rule for one field of a dispute party (name, identity number or credit code, phone): the rule
 * the intake and the bundle import apply on the server (core/parties.ts), with its message.
 */
import type { FormRule } from 'antd';
import { partyFieldError, type PartyField } from '../../../core/parties.ts';

export function partyRule(field: PartyField, kind: string | undefined): FormRule {
  return {
    validator: async (_, v: string | undefined) => {
      const message = partyFieldError({ kind, [field]: v }, field);
      if (message) throw new Error(message);
    },
  };
}
