/**
 * The personnel API (SPEC §6: the roll of 法治带头人, 法律明白人, mediators, grid workers…, and the service
 * facilities of each village): the write contracts (route bodies, service inputs, form rules) and the response
 * shapes, shared by the server (route schemas — undeclared fields are stripped) and the web (types, form rules).
 */
import { z } from 'zod';
import { FACILITY_TYPES, PERSONNEL_ROLES } from '../dictionaries.ts';
import { FACILITY_STATUSES } from '../prevention.ts';
import { Day, enumOf, optText } from './fields.ts';
import { FileOut, RatioOut } from './prevention.ts';

/** POST /personnel: a person on the roll. */
export const PersonCreate = z.object({
  name: z.string().trim().min(1, '请填写姓名').max(50),
  role: enumOf(PERSONNEL_ROLES),
  regionCode: z.string().min(1),
  phone: optText(30),
  since: Day.nullish(),
  until: Day.nullish(),
  joinedPlatform: z.boolean().optional(),
  trainings: optText(4000),
  notes: optText(2000),
});
/** PATCH /personnel/:id: any field (leaving office is an `until` day), with the version read. */
export const PersonUpdate = PersonCreate.partial().extend({ version: z.number().int() });

/** POST /facilities: a village's service facility. */
export const FacilityCreate = z.object({ regionCode: z.string().min(1), type: enumOf(FACILITY_TYPES), name: optText(100), status: enumOf(FACILITY_STATUSES).optional(), since: Day.nullish(), notes: optText(2000) });
/** PATCH /facilities/:id: any field but the region, with the version read. */
export const FacilityUpdate = FacilityCreate.omit({ regionCode: true }).partial().extend({ version: z.number().int() });

export const PersonOut = z.object({
  id: z.string(),
  name: z.string(),
  role: z.string(),
  regionCode: z.string(),
  regionName: z.string().optional(),
  villageCode: z.string().nullable(),
  townCode: z.string().nullable(),
  phone: z.string().nullable(),
  since: z.string().nullable(),
  until: z.string().nullable(),
  joinedPlatform: z.boolean(),
  trainings: z.string().nullable(),
  notes: z.string().nullable(),
  version: z.number(),
});
export const PersonListOut = z.object({ items: z.array(PersonOut), total: z.number() });

export const FacilityOut = z.object({
  id: z.string(),
  regionCode: z.string(),
  regionName: z.string().optional(),
  villageCode: z.string().nullable(),
  townCode: z.string().nullable(),
  type: z.string(),
  name: z.string().nullable(),
  status: z.string(),
  since: z.string().nullable(),
  notes: z.string().nullable(),
  version: z.number(),
  photos: z.array(FileOut).optional(),
});
export const FacilityListOut = z.array(FacilityOut);

/** GET /personnel/overview: each village's people and facilities against the standard, and platform membership. */
export const PersonnelOverviewOut = z.object({
  date: z.string(),
  minimums: z.object({ ruleOfLawLeaders: z.number(), legalLiterates: z.number() }),
  villages: z.array(
    z.object({
      code: z.string(),
      name: z.string(),
      level: z.string(),
      townCode: z.string().nullable(),
      counts: z.record(z.string(), z.number()),
      platform: z.record(z.string(), RatioOut),
      facilities: z.record(z.string(), z.string()),
      gaps: z.object({ ruleOfLawLeadersMissing: z.number(), legalLiteratesMissing: z.number(), legalAdviserMissing: z.boolean(), missingFacilities: z.array(z.string()), meetsPersonnelStandard: z.boolean() }),
    }),
  ),
  platformTotals: z.record(z.string(), RatioOut),
  villagesMeetingPersonnelStandard: z.number(),
});

export type Person = z.infer<typeof PersonOut>;
export type PersonList = z.infer<typeof PersonListOut>;
export type Facility = z.infer<typeof FacilityOut>;
export type PersonnelOverview = z.infer<typeof PersonnelOverviewOut>;
