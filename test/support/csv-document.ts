/**
 * Parses a whole RFC 4180 document: quoted cells may hold commas, doubled quotes and line breaks
 * (the exports' escaping is what is under test, so this parser is strict about quotes).
 */
export function parseCsvDocument(text: string): string[][] {
  const rows: string[][] = []
  let row: string[] = []
  let cell = ''
  let quoted = false
  for (let index = 0; index < text.length; index++) {
    const char = text[index]!
    if (quoted) {
      if (char === '"' && text[index + 1] === '"') {
        cell += '"'
        index++
      } else if (char === '"') quoted = false
      else cell += char
    } else if (char === '"') {
      if (cell !== '') throw new Error(`a quote inside an unquoted cell at ${index}`)
      quoted = true
    } else if (char === ',') {
      row.push(cell)
      cell = ''
    } else if (char === '\n' || char === '\r') {
      if (char === '\r' && text[index + 1] === '\n') index++
      row.push(cell)
      rows.push(row)
      row = []
      cell = ''
    } else cell += char
  }
  if (quoted) throw new Error('the document ends inside a quoted cell')
  if (cell !== '' || row.length > 0) rows.push([...row, cell])
  return rows
}
