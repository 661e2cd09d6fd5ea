/** 群体性纠纷: a dispute involving many people (SPEC §4.1), flagged at intake. */

/** People involved at or above which a dispute is a group dispute (群体性纠纷). */
export const GROUP_THRESHOLD = 5;

export function groupFlag(peopleCount: number): boolean {
  return Number.isFinite(peopleCount) && peopleCount >= GROUP_THRESHOLD;
}
