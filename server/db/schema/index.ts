export * from './regions.ts';
export * from './auth.ts';
export * from './audit.ts';
export * from './court-data.ts';
export * from './people.ts';
export * from './prevention.ts';
export * from './programme.ts';
