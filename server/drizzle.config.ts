import { defineConfig } from 'drizzle-kit';

// `npm run db:generate -w @gym/server` writes a new migration after a schema change. Commit it.
export default defineConfig({
  dialect: 'postgresql',
  schema: './src/db/schema/index.ts',
  out: './drizzle',
});
