export * from './stats-range.ts'
export * from './time-zone.ts'
