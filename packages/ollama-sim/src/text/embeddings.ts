import { fnv1a, seededRandom } from './hash.ts'

/** A deterministic vector for `text`; Ollama's `/api/embed` returns L2-normalised vectors, `/api/embeddings` raw ones. */
export function simEmbedding(text: string, length: number, normalise: boolean): number[] {
  const random = seededRandom(fnv1a(text, 0x9e3779b9))
  const vector = Array.from({ length }, () => random() * 2 - 1)
  if (!normalise) return vector.map(toFloat32Text)
  const norm = Math.sqrt(vector.reduce((sum, x) => sum + x * x, 0)) || 1
  return vector.map((x) => toFloat32Text(x / norm))
}

/** Ollama's vectors are float32; keep their precision so the JSON looks (and weighs) like the real thing. */
function toFloat32Text(x: number): number {
  return Number(Math.fround(x).toPrecision(8))
}

/** The OpenAI `encoding_format: "base64"` form: little-endian float32 bytes. */
export function embeddingToBase64(vector: number[]): string {
  return Buffer.from(new Float32Array(vector).buffer).toString('base64')
}
