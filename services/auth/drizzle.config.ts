import { defineConfig } from 'drizzle-kit'

// `npm run db:generate` turns changes in src/schema.ts into a new checked-in SQL migration.
export default defineConfig({
  dialect: 'postgresql',
  schema: './src/schema.ts',
  out: './migrations',
  schemaFilter: ['auth'],
})
