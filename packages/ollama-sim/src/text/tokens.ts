import { fnv1a, seededRandom } from './hash.ts'

const words = (
  'the llama grazes quietly on a green hill while clouds drift over distant mountains and wind ' +
  'carries soft songs through tall grass every morning brings new light to old stones near river ' +
  'where herds rest under bright skies farmers count their flock patient shepherds watch gates ' +
  'open slowly towards evening stars appear above calm valleys fields glow with warm amber colour ' +
  'before night falls'
).split(' ')

/**
 * The simulator's model: `count` tokens chosen from a fixed word list by a PRNG seeded with `seed` (the
 * prompt), so a test can compute the exact text it should receive. The first token is capitalised and every
 * later one carries its leading space, the way real tokenizers split words.
 */
export function simTokens(seed: string, count: number): string[] {
  const random = seededRandom(fnv1a(seed))
  const tokens: string[] = []
  for (let i = 0; i < count; i++) {
    // random() is in [0, 1), so the index is below words.length.
    const word = words[Math.floor(random() * words.length)]!
    tokens.push(i === 0 ? word.charAt(0).toUpperCase() + word.slice(1) : ' ' + word)
  }
  return tokens
}

/** Reasoning tokens come from the same list with a different seed, so they differ from the answer. */
export function simThinkingTokens(seed: string, count: number): string[] {
  return simTokens(`think:${seed}`, count)
}

/** A deterministic stand-in for a tokenizer: about four characters per token, at least one. */
export function countTokens(text: string): number {
  return Math.max(1, Math.ceil(text.length / 4))
}
