import { HttpError } from './http-error.ts'
import { goKind, type JsonObject } from './read-body.ts'

/**
 * Typed reads of request fields that fail the way Go's decoder does
 * (`json: cannot unmarshal number into Go struct field GenerateRequest.prompt of type string`). JSON null
 * counts as absent, like a Go zero value.
 */
export class GoFields {
  constructor(
    private readonly body: JsonObject,
    private readonly goType: string,
  ) {}

  string(key: string): string {
    const value = this.body[key]
    if (value === undefined || value === null) return ''
    if (typeof value !== 'string') throw this.mismatch(key, value, 'string')
    return value
  }

  bool(key: string): boolean | undefined {
    const value = this.body[key]
    if (value === undefined || value === null) return undefined
    if (typeof value !== 'boolean') throw this.mismatch(key, value, 'bool')
    return value
  }

  integer(key: string): number | undefined {
    const value = this.body[key]
    if (value === undefined || value === null) return undefined
    if (typeof value !== 'number') throw this.mismatch(key, value, 'int')
    if (!Number.isInteger(value)) {
      throw new HttpError(
        400,
        `json: cannot unmarshal number ${value} into Go struct field ${this.goType}.${key} of type int`,
      )
    }
    return value
  }

  /** A `float64` (or `*float64`) field. */
  number(key: string): number | undefined {
    const value = this.body[key]
    if (value === undefined || value === null) return undefined
    if (typeof value !== 'number') throw this.mismatch(key, value, 'float64')
    return value
  }

  array(key: string, goElement: string): unknown[] {
    const value = this.body[key]
    if (value === undefined || value === null) return []
    if (!Array.isArray(value)) throw this.mismatch(key, value, `[]${goElement}`)
    return value
  }

  object(key: string, goTypeName: string): JsonObject | undefined {
    const value = this.body[key]
    if (value === undefined || value === null) return undefined
    if (typeof value !== 'object' || Array.isArray(value)) throw this.mismatch(key, value, goTypeName)
    return value as JsonObject
  }

  raw(key: string): unknown {
    return this.body[key]
  }

  private mismatch(key: string, value: unknown, goTypeName: string): HttpError {
    return new HttpError(
      400,
      `json: cannot unmarshal ${goKind(value)} into Go struct field ${this.goType}.${key} of type ${goTypeName}`,
    )
  }
}
