import type { MigrationConfig } from 'drizzle-orm/migrator'
import type { ServiceMigrations } from './database.ts'

/**
 * Each service keeps its own migration journal (`drizzle.<schema>_migrations`), so a service run on
 * its own applies only its migrations. The journal is not inside the service's schema because the
 * first migration creates that schema.
 */
export function migrationConfig(service: ServiceMigrations): MigrationConfig {
  return {
    migrationsFolder: service.folder,
    migrationsSchema: 'drizzle',
    migrationsTable: `${service.schema}_migrations`,
  }
}
