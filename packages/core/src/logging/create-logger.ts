import { pino, type Logger } from 'pino'
import { loggerOptions } from './logger-options.ts'

export function createLogger(level: string): Logger {
  return pino(loggerOptions(level))
}
