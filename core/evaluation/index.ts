/** The evaluation engine of SPEC §7: pure functions of counts gathered by SQL. */
export * from './types.ts';
export * as exact from './exact.ts';
export { ExactInputError, parseDecimal, toRational, type Rational } from './exact.ts';
export * from './logic.ts';
export * from './settings.ts';
export * from './population.ts';
export * from './indicators.ts';
export * from './evaluate.ts';
export * from './ranking.ts';
export * from './warning.ts';
export * from './calendar.ts';
export * from './validate.ts';
