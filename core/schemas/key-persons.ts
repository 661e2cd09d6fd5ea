/**
 * The key-persons API (SPEC §6.3: 重点对象 under watch and their contacts): the write contracts (route bodies,
 * service inputs, form rules) and the response shapes, shared by the server (route schemas — undeclared fields
 * are stripped, a privacy guard) and the web (types, form rules).
 */
import { z } from 'zod';
import { KEY_PERSON_STATUSES, KEY_PERSON_TYPES, RISK_LEVELS, THREE_LOST_ONE_BIASED_FLAGS } from '../dictionaries.ts';
import { CONTACT_METHODS } from '../prevention.ts';
import { Day, enumOf, optText } from './fields.ts';

/** POST /key-persons: put a person under watch (possibly from a risk). */
export const KeyPersonCreate = z.object({
  regionCode: z.string().min(1),
  name: z.string().trim().min(1, '请填写姓名').max(50),
  phone: optText(30),
  /** identity number (GB 11643): stored encrypted with a blind index, so that a party of a dispute is recognised (issue 17.1) */
  idNumber: optText(30),
  address: optText(200),
  type: enumOf(KEY_PERSON_TYPES),
  flags: z.array(enumOf(THREE_LOST_ONE_BIASED_FLAGS)).max(4).optional(),
  situation: optText(4000),
  responsibleUserId: z.string().min(1, '请选择包保责任人'),
  responsePlan: optText(8000),
  riskLevel: enumOf(RISK_LEVELS).optional(),
  status: enumOf(KEY_PERSON_STATUSES).optional(),
  watchedSince: Day.nullish(),
  sourceRiskId: z.string().nullish(),
});
/** PATCH /key-persons/:id: any field but the source risk, with the version read. */
export const KeyPersonUpdate = KeyPersonCreate.omit({ sourceRiskId: true }).partial().extend({ version: z.number().int() });
/** POST /key-persons/:id/contacts: a contact and the help given. */
export const ContactCreate = z.object({ contactedOn: Day, method: enumOf(CONTACT_METHODS), content: z.string().trim().min(1, '请填写联系情况').max(4000), helpGiven: optText(4000) });

export const KeyPersonOut = z.object({
  id: z.string(),
  name: z.string(),
  phone: z.string().nullable(),
  idNumberMasked: z.string().nullable().optional(),
  address: z.string().nullable(),
  regionCode: z.string(),
  regionName: z.string(),
  villageCode: z.string().nullable(),
  townCode: z.string().nullable(),
  type: z.string(),
  flags: z.array(z.string()),
  situation: z.string().nullable(),
  responsibleUserId: z.string(),
  cadreName: z.string(),
  responsePlan: z.string().nullable(),
  riskLevel: z.string(),
  status: z.string(),
  watchedSince: z.string(),
  lastContactOn: z.string().nullable(),
  contactDueOn: z.string(),
  contactOverdue: z.boolean(),
  sourceRiskId: z.string().nullable(),
  version: z.number(),
});
export const ContactOut = z.object({ id: z.string(), contactedOn: z.string(), method: z.string(), content: z.string(), helpGiven: z.string().nullable(), byName: z.string() });
export const KeyPersonListOut = z.array(KeyPersonOut);
export const KeyPersonDetailOut = KeyPersonOut.extend({ canManage: z.boolean(), canLogContact: z.boolean(), contacts: z.array(ContactOut) });
/** The cadres who may be made responsible for a key person in a region. */
export const CadreListOut = z.array(z.object({ id: z.string(), name: z.string(), username: z.string(), roles: z.array(z.string()) }));
export const KeyPersonSavedOut = z.object({ id: z.string(), version: z.number() });

export type KeyPerson = z.infer<typeof KeyPersonOut>;
export type Contact = z.infer<typeof ContactOut>;
export type KeyPersonDetail = z.infer<typeof KeyPersonDetailOut>;
export type Cadre = z.infer<typeof CadreListOut>[number];
export type KeyPersonSaved = z.infer<typeof KeyPersonSavedOut>;
