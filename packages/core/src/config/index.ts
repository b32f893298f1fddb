// What the operator commands need before they know whether to open a database: the configuration and
// the data directory's lock, without the database drivers, Fastify and the rest that `@corral/core`
// loads (a command beside a running server starts in a fraction of the time).
export * from './config.ts'
export * from './config-error.ts'
export * from './startup-error.ts'
export * from './load-config.ts'
export * from '../database/data-dir-lock.ts'
