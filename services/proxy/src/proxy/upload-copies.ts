import { PassThrough, type Readable } from 'node:stream'

/**
 * Copies an upload to `count` destinations as it arrives, never holding it whole. The upload moves at
 * the pace of the slowest destination: the source is read again only once every copy can take more.
 * (Resuming when any one copy drained let a fast backend pull the upload in while a slow one's copy
 * grew without bound: a blob sat wholly in memory.) A copy whose consumer gave up (its backend's
 * request failed) is no longer waited for.
 */
export function copyUpload(source: Readable, count: number): PassThrough[] {
  const copies = Array.from({ length: count }, () => new PassThrough())
  const open = new Set(copies)
  const full = new Set<PassThrough>()
  const drained = (copy: PassThrough) => {
    if (full.delete(copy) && full.size === 0) source.resume()
  }
  for (const copy of copies) {
    copy.on('drain', () => drained(copy))
    copy.once('close', () => {
      open.delete(copy)
      drained(copy)
    })
  }
  source.on('data', (chunk: Buffer) => {
    for (const copy of open) if (!copy.write(chunk)) full.add(copy)
    if (full.size > 0) source.pause()
  })
  source.on('end', () => copies.forEach((copy) => copy.end()))
  source.on('error', (error) => copies.forEach((copy) => copy.destroy(error)))
  return copies
}
