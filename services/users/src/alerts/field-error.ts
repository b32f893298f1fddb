import { Errors } from '@corral/core'

/**
 * A 400 `CORRAL_ERR_VALIDATION` naming one body field, like a schema refusal: a rule's parameter that its
 * type needs, an unknown target id, a URL the WHATWG parser refuses. The error handler reads
 * `validation` the way it reads Ajv's findings, so the form shows it next to the input.
 */
export function fieldError(path: string, message: string): Error {
  return Object.assign(new Errors.validation(`body${path} ${message}`), {
    validation: [{ instancePath: path, message, params: {} }],
    validationContext: 'body',
  })
}
