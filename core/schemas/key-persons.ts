/**
 * Response shapes of the key-persons API (SPEC §6.3: 重点对象 under watch and their contacts), shared by the
 * server (route response schemas — undeclared fields are stripped, a privacy guard) and the web (types).
 */
import { z } from 'zod';

export const KeyPersonOut = z.object({
  id: z.string(),
  name: z.string(),
  phone: z.string().nullable(),
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
