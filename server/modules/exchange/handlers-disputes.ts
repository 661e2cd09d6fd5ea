import type { FileHandler } from './handler.ts';

/** Disputes and parties (SPEC §9): filled in once the disputes schema is settled. */
export const disputeHandlers: Partial<Record<'disputes' | 'parties', FileHandler>> = {};
