import { ZxcvbnFactory } from '@zxcvbn-ts/core'
import * as common from '@zxcvbn-ts/language-common'
import * as english from '@zxcvbn-ts/language-en'
import { Errors } from '@corral/core'

export const minPasswordLength = 8
/** Long passphrases are welcome; this bound only keeps argon2's input reasonable. */
export const maxPasswordLength = 256
/** zxcvbn score 0–4: 3 is "safely unguessable: moderate protection from offline attack". */
const minimumScore = 3
/**
 * zxcvbn runs on the event loop and its cost grows steeply with length and with characters it can
 * read as l33t substitutions: a random 256-character password took seconds, during which the server
 * answered nothing. It scores the first `scoredLength` characters only (a password is not weaker for
 * what follows) and tries a bounded number of substitutions, which keeps one check to milliseconds.
 */
export const scoredLength = 64
const l33tMaxSubstitutions = 4

/**
 * Built at the first password check, not at start: its dictionaries take ~25 MB that a server which
 * only signs people in never needs (docs/performance.md, idle memory).
 */
let zxcvbn: ZxcvbnFactory | undefined
const checker = () =>
  (zxcvbn ??= new ZxcvbnFactory({
    dictionary: { ...common.dictionary, ...english.dictionary },
    graphs: common.adjacencyGraphs,
    translations: english.translations,
    maxLength: scoredLength,
    l33tMaxSubstitutions,
  }))

/**
 * Refuses passwords that are short, oversized, or guessable (common passwords, keyboard walks,
 * the username itself), with zxcvbn's own advice in the message.
 */
export function assertStrongPassword(password: string, username: string): void {
  if (password.length < minPasswordLength) {
    throw new Errors.weakPassword(`The password must be at least ${minPasswordLength} characters long`)
  }
  if (password.length > maxPasswordLength) {
    throw new Errors.weakPassword(`The password must be at most ${maxPasswordLength} characters long`)
  }
  const result = checker().check(password, [username])
  if (result.score < minimumScore) {
    const advice = [result.feedback.warning, ...result.feedback.suggestions].filter(Boolean).join(' ')
    throw new Errors.weakPassword(`The password is too easy to guess.${advice ? ` ${advice}` : ''}`)
  }
}
