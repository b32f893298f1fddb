import { Errors } from '@corral/core'

/** Where a record sits in the log: its `finished_at` to the microsecond (UTC) and its id. */
export interface LogPosition {
  at: string
  id: number
}

const positionPattern = /^(\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{6}Z)\|([1-9]\d{0,15})$/

/** Cursors are opaque to clients (base64url), so the position's form can change without breaking them. */
export function encodeCursor(position: LogPosition): string {
  return Buffer.from(`${position.at}|${position.id}`).toString('base64url')
}

/** The position a cursor names; a cursor that was not made by `encodeCursor` is a 400. */
export function decodeCursor(cursor: string, parameter: string): LogPosition {
  const match = positionPattern.exec(Buffer.from(cursor, 'base64url').toString())
  if (!match || Number.isNaN(Date.parse(match[1]!)))
    throw new Errors.validation(`${parameter} is not a cursor of the request log (take it from a page)`)
  return { at: match[1]!, id: Number(match[2]) }
}
