export * from './regions.ts';
export * from './auth.ts';
export * from './audit.ts';
