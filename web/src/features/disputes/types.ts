/** Shapes of the dispute API: the same zod schemas the server answers with (core/schemas/disputes.ts). */
export type {
  Agreement,
  Counts,
  Dictionaries,
  DisputeDetail,
  DisputeItem,
  DisputeStats,
  Duplicate,
  Stage,
  StatsRow,
  TimelineEvent,
  TodoItem,
  UnitOption,
  WarningItem,
  WarningKind,
} from '../../../../core/schemas/disputes.ts';
export type PartyBrief = import('../../../../core/schemas/disputes.ts').DisputeItem['parties'][number];
