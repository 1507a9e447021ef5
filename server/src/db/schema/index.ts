export * from './gyms.table.ts';
export * from './members.table.ts';
export * from './people.table.ts';
export * from './embeddings.table.ts';
export * from './workouts.table.ts';
export * from './coaching.table.ts';
export * from './audit.table.ts';
export * from './permissions.table.ts';
