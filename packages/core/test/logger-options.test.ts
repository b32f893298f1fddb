import { Writable } from 'node:stream'
import pg from 'pg'
import { pino } from 'pino'
import { describe, expect, it } from 'vitest'
import { loggerOptions } from '../src/logging/logger-options.ts'

function capture() {
  const lines: string[] = []
  const stream = new Writable({
    write(chunk: Buffer, _encoding, done) {
      lines.push(chunk.toString())
      done()
    },
  })
  return { logger: pino(loggerOptions('info'), stream), lines }
}

describe('the logger', () => {
  it('drops the database connection node-postgres attaches to its errors, password and all', async () => {
    const { logger, lines } = capture()
    // A refused connection: node-postgres's error for it carries no client, so attach one as its idle
    // connection errors do (pg-pool emits `error` with `err.client` set).
    const client = new pg.Client({ connectionString: 'postgres://corral:s3cret-pass@127.0.0.1:1/none' })
    const error = Object.assign(new Error('terminating connection due to administrator command'), {
      code: '57P01',
      client,
    })
    logger.warn({ err: error }, 'idle database connection failed')
    const logged = JSON.parse(lines.join('')) as { err: Record<string, unknown> }
    expect(logged.err).toMatchObject({
      message: 'terminating connection due to administrator command',
      code: '57P01',
    })
    expect(logged.err).not.toHaveProperty('client')
    expect(lines.join('')).not.toContain('s3cret-pass')
  })
})
