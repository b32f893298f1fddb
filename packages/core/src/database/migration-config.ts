import type { MigrationConfig } from 'drizzle-orm/migrator'
import type { ServiceMigrations } from './database.ts'

export function migrationConfig(service: ServiceMigrations): MigrationConfig {
  return { migrationsFolder: service.folder, migrationsSchema: service.schema, migrationsTable: 'migrations' }
}
