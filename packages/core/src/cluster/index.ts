export * from './lease-connection.ts'
export * from './leader-lease.ts'
