export { AdmissionLimits, type AdmissionLimitsOptions } from './admission-limits.ts'
export type * from './limit-types.ts'
