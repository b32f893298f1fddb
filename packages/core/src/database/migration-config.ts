import type { MigrationConfig } from 'drizzle-orm/migrator'
import type { ServiceMigrations } from './database.ts'

/**
 * Arbitrary and fixed: the advisory lock replicas take while migrating, and `corral db copy` while it
 * fills a database, so a Corral starting there waits for the copy instead of migrating beside it.
 */
export const migrationLockId = 7_260_001

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
