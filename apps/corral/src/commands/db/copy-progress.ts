/**
 * A live line on a terminal while the copy runs (`users.usage_records: 120000 rows…`), rewritten in
 * place and cleared at the end. Only on a terminal: nothing is committed before the end, so lines in
 * a log would claim tables copied that a failure then rolls back.
 */
export class CopyProgress {
  private table = ''
  private rows = 0
  private shownAt = 0

  constructor(private readonly terminal: NodeJS.WriteStream) {}

  batch(table: string, rows: number): void {
    if (table !== this.table) {
      this.table = table
      this.rows = 0
    }
    this.rows += rows
    // A few times a second at most: a terminal is slower than small batches.
    if (Date.now() - this.shownAt < 200) return
    this.shownAt = Date.now()
    this.terminal.write(`\r\x1b[Kcopying ${table}: ${this.rows} rows…`)
  }

  clear(): void {
    if (this.shownAt > 0) this.terminal.write('\r\x1b[K')
  }
}
