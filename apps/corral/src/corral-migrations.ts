import { authMigrations } from '@corral/auth'
import type { ServiceMigrations } from '@corral/core'
import { proxyMigrations } from '@corral/proxy'
import { usersMigrations } from '@corral/users'

/**
 * Every service's schema and migrations, in the order a start applies them. `corral db copy` reads
 * the same list, so a service added here is migrated and copied alike.
 */
export const corralMigrations: readonly ServiceMigrations[] = [
  usersMigrations,
  authMigrations,
  proxyMigrations,
]
