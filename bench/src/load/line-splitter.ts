/** Splits a byte stream into NDJSON lines (without the `\n`), each stamped with its chunk's arrival. */
export class LineSplitter {
  private rest: Buffer | undefined

  push(chunk: Buffer, at: number, onLine: (line: string, at: number) => void): void {
    let data = this.rest ? Buffer.concat([this.rest, chunk]) : chunk
    let newline = data.indexOf(10)
    while (newline !== -1) {
      onLine(data.toString('utf8', 0, newline), at)
      data = data.subarray(newline + 1)
      newline = data.indexOf(10)
    }
    this.rest = data.length > 0 ? data : undefined
  }

  end(at: number, onLine: (line: string, at: number) => void): void {
    if (this.rest) onLine(this.rest.toString('utf8'), at)
    this.rest = undefined
  }
}
