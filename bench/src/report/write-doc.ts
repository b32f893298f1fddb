import { readFile, writeFile } from 'node:fs/promises'

const begin = '<!-- bench:results:begin -->'
const end = '<!-- bench:results:end -->'

/** Replaces the generated part of docs/performance.md; the hand-written method and notes stay. */
export async function writeResults(docPath: string, section: string): Promise<void> {
  const doc = await readFile(docPath, 'utf8')
  const from = doc.indexOf(begin)
  const to = doc.indexOf(end)
  if (from === -1 || to < from) throw new Error(`${docPath} has no ${begin} … ${end} section`)
  await writeFile(docPath, `${doc.slice(0, from + begin.length)}\n${section.trim()}\n${doc.slice(to)}`)
}
