import AjvCompiler from '@fastify/ajv-compiler'
import type { FastifyServerOptions } from 'fastify'

type BuildValidator = NonNullable<
  NonNullable<NonNullable<FastifyServerOptions['schemaController']>['compilersFactory']>['buildValidator']
>

/**
 * Fastify's validator (Ajv) with one change: JSON bodies are not type-coerced. Coercion exists for
 * the query string, path and headers, which are text by nature (`?limit=10`); in a JSON body it made
 * `{"username": 123}` a username "123" and `"use_cookie": "true"` a boolean, so a wrong type got
 * through instead of a 400. Everything else (defaults, removed extra properties, formats) stays.
 */
export function corralValidatorCompilers(): BuildValidator {
  const buildFromPool = AjvCompiler()
  return (externalSchemas, ajvOptions) => {
    const options = { customOptions: {}, plugins: [], ...ajvOptions }
    const coercing = buildFromPool(externalSchemas, options)
    const strict = buildFromPool(externalSchemas, {
      ...options,
      customOptions: { ...options.customOptions, coerceTypes: false },
    } as Parameters<typeof buildFromPool>[1])
    return (route) => (route.httpPart === 'body' ? strict(route) : coercing(route))
  }
}
