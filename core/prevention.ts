/**
 * Prevention and community work (SPEC §6): the small pure rules behind screening coverage, personnel
 * registers, village gaps and key-person reminders. No I/O; shared by the server and the web.
 */
import type { Dict, KeyOf } from './dictionaries.ts';
import type { FacilityType, PersonnelRole } from './dictionaries.ts';
import { addDays } from './dates.ts';

/** Status of a village facility (SPEC §6.4; the SPEC names the field, these are its values). */
export const FACILITY_STATUSES = [
  { key: 'in_use', label: '在用' },
  { key: 'building', label: '建设中' },
  { key: 'suspended', label: '停用' },
] as const satisfies Dict;
export type FacilityStatus = KeyOf<typeof FACILITY_STATUSES>;

/** Entries of the library of typical cases and experiences (典型案例/经验). */
export const LIBRARY_KINDS = [
  { key: 'typical_case', label: '典型案例' },
  { key: 'experience', label: '经验做法' },
] as const satisfies Dict;
export type LibraryKind = KeyOf<typeof LIBRARY_KINDS>;

/** Requests raised at a visit are tracked until answered (SPEC §6.2). */
export const REQUEST_STATUSES = [
  { key: 'none', label: '无诉求' },
  { key: 'open', label: '待答复' },
  { key: 'in_progress', label: '办理中' },
  { key: 'resolved', label: '已答复' },
] as const satisfies Dict;
export type RequestStatus = KeyOf<typeof REQUEST_STATUSES>;

/** How a responsible cadre contacted a key person. */
export const CONTACT_METHODS = [
  { key: 'home_visit', label: '上门走访' },
  { key: 'phone', label: '电话联系' },
  { key: 'talk', label: '约谈' },
  { key: 'other', label: '其他' },
] as const satisfies Dict;
export type ContactMethod = KeyOf<typeof CONTACT_METHODS>;

/** Screening report states: a filed report counts; a reopened one waits to be filed again. */
export const REPORT_STATUSES = [
  { key: 'submitted', label: '已上报' },
  { key: 'reopened', label: '已退回' },
] as const satisfies Dict;

/** The "三进" coverage counts these roles' joining of the court mediation platform (SPEC §6.4). */
export const PLATFORM_COVERAGE_ROLES: readonly PersonnelRole[] = ['mediator', 'grid_worker', 'town_cadre', 'village_cadre'];

/** Facilities that count as a "service station" for T4. */
export const SERVICE_STATION_TYPES: readonly FacilityType[] = ['public_legal_service_station'];

/** Upload limits for photos and evidence. */
export const UPLOAD_MAX_BYTES = 5 * 1024 * 1024;
export const UPLOAD_TYPES = ['image/jpeg', 'image/png', 'image/webp', 'application/pdf'] as const;
/** Short videos, where the seed asks for 图片、视频 (education activities): MP4 or WebM, at most 50 MB. */
export const VIDEO_MAX_BYTES = 50 * 1024 * 1024;
export const VIDEO_TYPES = ['video/mp4', 'video/webm'] as const;
export type UploadType = (typeof UPLOAD_TYPES)[number] | (typeof VIDEO_TYPES)[number];
/** Word documents (.docx), taken where a record asks for documents (a dispute's attachments). */
export const DOCX_TYPE = 'application/vnd.openxmlformats-officedocument.wordprocessingml.document';
/** A dispute's photos and attachments (issue 18.4): photos, PDF and Word, at most 10 MB each and 9 per dispute. */
export const DISPUTE_FILE_TYPES = [...UPLOAD_TYPES, DOCX_TYPE] as const;
export const DISPUTE_FILE_MAX_BYTES = 10 * 1024 * 1024;
export const DISPUTE_FILE_MAX_COUNT = 9;
export const DOCUMENT_TYPES_TEXT = '只能上传 JPEG、PNG、WebP 图片，PDF 或 Word（.docx）文件';

export const isVideoType = (mime: string) => (VIDEO_TYPES as readonly string[]).includes(mime);
/** The most a file of this type may weigh. */
export const uploadMaxBytes = (mime: string) => (isVideoType(mime) ? VIDEO_MAX_BYTES : UPLOAD_MAX_BYTES);
/** The message for a file of a type the record does not take. */
export const uploadTypesText = (videos: boolean) => (videos ? '只能上传 JPEG、PNG、WebP 图片，PDF 文件或 MP4、WebM 视频' : '只能上传 JPEG、PNG、WebP 图片或 PDF 文件');

/** Both bounds inclusive; an empty `until` means still active. */
export function activeOn(since: string | null, until: string | null, day: string): boolean {
  return (since === null || since <= day) && (until === null || until >= day);
}

/** Reported "by the deadline": the deadline day itself counts (bounds include the bound). */
export function onTime(reportedOn: string, deadline: string): boolean {
  return reportedOn <= deadline;
}

/** Where a region stands in a screening campaign (SPEC §6.1). */
export const TARGET_STATE_KEYS = ['pending', 'overdue', 'on_time', 'late', 'reopened'] as const;
export type TargetState = (typeof TARGET_STATE_KEYS)[number];
export const TARGET_STATE_LABELS: Record<TargetState, string> = { pending: '待上报', overdue: '逾期未报', on_time: '按时上报', late: '迟报', reopened: '已退回' };

/** No report yet: pending until the deadline has passed, then overdue; a report sent back is reopened. */
export function targetState(report: { status: string; submittedOn: string } | null, deadline: string, day: string): TargetState {
  if (!report) return day > deadline ? 'overdue' : 'pending';
  if (report.status === 'reopened') return 'reopened';
  return onTime(report.submittedOn, deadline) ? 'on_time' : 'late';
}

export interface Ratio {
  numerator: number;
  denominator: number;
  /** numerator ÷ denominator, `null` when the denominator is 0 */
  value: number | null;
  reason: string | null;
}

export function ratio(numerator: number, denominator: number, emptyReason = '分母为 0'): Ratio {
  return denominator === 0
    ? { numerator, denominator, value: null, reason: emptyReason }
    : { numerator, denominator, value: numerator / denominator, reason: null };
}

/** Coverage of a campaign = covered regions that reported by the deadline ÷ covered regions. */
export function screeningCoverage(covered: number, reportedOnTime: number): Ratio {
  return ratio(reportedOnTime, covered, '该排查未覆盖任何地区');
}

export interface VillageGapInput {
  ruleOfLawLeaders: number;
  legalLiterates: number;
  /** 一村一法律顾问 active on the day (optional: a caller that does not count them sees no adviser gap) */
  legalAdvisers?: number;
  /** facility types present (in use) in the village */
  facilities: readonly string[];
}

export interface VillageGaps {
  ruleOfLawLeadersMissing: number;
  legalLiteratesMissing: number;
  /** the seed's 一村一法律顾问: a village without one has a gap (shown like a missing 法律明白人; not part of V3) */
  legalAdviserMissing: boolean;
  missingFacilities: FacilityType[];
  /** meets the personnel part of the village standard (V3) */
  meetsPersonnelStandard: boolean;
}

/** Gaps of a village against the village standard (≥ min 法治带头人, ≥ min 法律明白人) and the facility list. */
export function villageGaps(v: VillageGapInput, mins: { minRuleOfLawLeaders: number; minLegalLiterates: number }, facilityTypes: readonly FacilityType[]): VillageGaps {
  const l = Math.max(0, mins.minRuleOfLawLeaders - v.ruleOfLawLeaders);
  const t = Math.max(0, mins.minLegalLiterates - v.legalLiterates);
  return {
    ruleOfLawLeadersMissing: l,
    legalLiteratesMissing: t,
    legalAdviserMissing: v.legalAdvisers !== undefined && v.legalAdvisers < 1,
    missingFacilities: facilityTypes.filter((f) => !v.facilities.includes(f)),
    meetsPersonnelStandard: l === 0 && t === 0,
  };
}

/**
 * The day a key person's next contact is due: `days` after the last contact (or after being put under
 * watch). A cadre is reminded once `today` is past it.
 */
export function contactDueOn(lastContactOn: string | null, watchedSince: string, days: number): string {
  return addDays(lastContactOn ?? watchedSince, days);
}

export function contactOverdue(lastContactOn: string | null, watchedSince: string, days: number, today: string): boolean {
  return today > contactDueOn(lastContactOn, watchedSince, days);
}

/** 'YYYY-MM' of a calendar day. */
export const monthOf = (day: string) => day.slice(0, 7);
