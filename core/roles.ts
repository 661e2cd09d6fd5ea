/** Roles of SPEC §1 and what each may do. The web uses the same table to show or hide actions. */
export const ROLES = [
  'admin',
  'town_office',
  'town_leader',
  'county_leader',
  'justice_office',
  'court_liaison',
  'department',
  'village_admin',
  'mediator',
  'grid_worker',
] as const;
export type Role = (typeof ROLES)[number];

export const ROLE_LABELS: Record<Role, string> = {
  admin: '系统管理员',
  town_office: '镇平安办/综治中心',
  town_leader: '镇领导',
  county_leader: '县（市、区）领导',
  justice_office: '司法所',
  court_liaison: '法院联络员',
  department: '职能部门',
  village_admin: '村（社区）干部',
  mediator: '人民调解员',
  grid_worker: '网格员',
};

/** Roles bound to a unit rather than a region (a mediator may be either). */
export const UNIT_ROLES: readonly Role[] = ['department', 'mediator'];
export const REGION_ROLES: readonly Role[] = [
  'town_office',
  'town_leader',
  'county_leader',
  'justice_office',
  'court_liaison',
  'village_admin',
  'mediator',
  'grid_worker',
];

export const PERMISSIONS = [
  'admin.users',
  'admin.settings',
  'admin.regions',
  'audit.read',
  'disputes.read',
  'disputes.intake',
  'disputes.handle',
  'prevention.read',
  'prevention.write',
  'screening.report',
  'visits.write',
  'keypersons.manage',
  'personnel.write',
  'education.write',
  'checklist.write',
  'court.read',
  'court.write',
  'evaluation.read',
  'programme.write',
  'exchange.import',
  'exchange.export',
  'notifications.manage',
  /** the four-colour grading rules of a year (issue 17.1) */
  'disputes.grading',
] as const;
export type Permission = (typeof PERMISSIONS)[number];

const ALL = new Set<Permission>(PERMISSIONS);
const READS: Permission[] = ['disputes.read', 'prevention.read', 'court.read', 'evaluation.read'];

export const ROLE_PERMISSIONS: Record<Role, ReadonlySet<Permission>> = {
  admin: ALL,
  town_office: new Set<Permission>([
    ...READS,
    'admin.regions',
    'disputes.intake',
    'disputes.handle',
    'prevention.write',
    'screening.report',
    'visits.write',
    'keypersons.manage',
    'personnel.write',
    'education.write',
    'checklist.write',
    'court.write',
    'programme.write',
    'exchange.import',
    'exchange.export',
    'notifications.manage',
    'disputes.grading',
  ]),
  town_leader: new Set<Permission>([...READS, 'exchange.export']),
  /** read-only, every town below their county or city, side by side (SPEC §1) */
  county_leader: new Set<Permission>([...READS, 'exchange.export']),
  justice_office: new Set<Permission>([
    'disputes.read',
    'disputes.intake',
    'disputes.handle',
    'prevention.read',
    'personnel.write',
    'education.write',
    'visits.write',
    'evaluation.read',
    'exchange.export',
  ]),
  // handles only the pre-litigation stages of their region (STAGE_LIMITED_ROLES)
  court_liaison: new Set<Permission>(['court.read', 'court.write', 'evaluation.read', 'disputes.read', 'disputes.handle', 'exchange.import', 'exchange.export']),
  department: new Set<Permission>(['disputes.read', 'disputes.intake', 'disputes.handle']),
  village_admin: new Set<Permission>([
    'disputes.read',
    'disputes.intake',
    'disputes.handle',
    'prevention.read',
    'screening.report',
    'visits.write',
    'personnel.write',
    'education.write',
    'evaluation.read',
    'exchange.export',
  ]),
  mediator: new Set<Permission>(['disputes.read', 'disputes.intake', 'disputes.handle', 'visits.write']),
  // handles only the grid-level stages of their grid (STAGE_LIMITED_ROLES)
  grid_worker: new Set<Permission>(['disputes.read', 'disputes.intake', 'disputes.handle', 'prevention.read', 'screening.report', 'visits.write']),
};

/**
 * Roles that file screening reports for their own village or grid (SPEC §6.1): their page opens on what they
 * must report. Others holding `screening.report` (the town office) file on a village's behalf from the campaign.
 */
export const SCREENING_REPORTERS: readonly Role[] = ['village_admin', 'grid_worker'];

/**
 * Roles whose `disputes.handle` reaches only some stages (SPEC §1): a grid worker handles the grid-level
 * stages of their own grid (网格矛盾网格调: accept at `grid`, mediate, resolve, fail, transfer up to village or
 * town); a court liaison the pre-litigation stages in their region (mediate, conclude, guide to litigation).
 * `level`: the stage level they handle; `acceptAt`: the level they may accept a registered dispute at (none:
 * they do not accept); `transferTo`: the levels they may transfer to.
 */
export const STAGE_LIMITED_ROLES: Readonly<Partial<Record<Role, { level: string; acceptAt: string | null; transferTo: readonly string[] }>>> = {
  grid_worker: { level: 'grid', acceptAt: 'grid', transferTo: ['village', 'town'] },
  court_liaison: { level: 'prelitigation', acceptAt: null, transferTo: ['litigation'] },
};

/** A note on a dispute's timeline is a write: whoever takes in or handles disputes (not a read-only leader). */
export const DISPUTE_NOTE_PERMISSIONS: readonly Permission[] = ['disputes.intake', 'disputes.handle'];

export function rolesHave(roles: Iterable<Role>, p: Permission): boolean {
  for (const r of roles) if (ROLE_PERMISSIONS[r]?.has(p)) return true;
  return false;
}

/**
 * A user who is only a grid worker (issue 18.2): registers with channel 网格排查 by default, and their 登记纠纷
 * opens the light intake page /field (a phone on a slow link) instead of the app's.
 */
export function onlyGridWorker(roles: readonly Role[]): boolean {
  return roles.length > 0 && roles.every((r) => r === 'grid_worker');
}

/** The region levels a leader's binding must have (SPEC §1): a 镇领导 a town, a 县(市、区)领导 a county or city. */
export const BINDING_LEVELS: Partial<Record<Role, readonly string[]>> = {
  town_leader: ['town'],
  county_leader: ['county', 'city'],
};

/** Roles of a town cadre who may be linked to the villages they are responsible for (包村干部, issue 13.8). */
export const VILLAGE_LINK_ROLES: readonly Role[] = ['town_office', 'town_leader', 'justice_office'];

/** Region levels at which a binding counts as the city's (or above). */
export const CITY_OR_ABOVE_LEVELS: readonly string[] = ['province', 'city'];

/**
 * Whether a user may write the city's own figures, such as the city benchmark every town is judged against
 * (SPEC §5, §7): an admin, or a binding at city level or above whose role may write court data. There is no
 * city-level role; the binding's level decides.
 */
export function writesCityData(bindings: Iterable<{ role: Role; level?: string | null }>): boolean {
  for (const b of bindings) {
    if (b.role === 'admin') return true;
    if (CITY_OR_ABOVE_LEVELS.includes(b.level ?? '') && ROLE_PERMISSIONS[b.role]?.has('court.write')) return true;
  }
  return false;
}
