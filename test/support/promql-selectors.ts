/**
 * Just enough PromQL to find what an expression reads: the metric selectors (name and label matchers)
 * and the labels it groups by. Not a validating parser: the deploy tests use it to check that every
 * metric and label the dashboard and the alert rules name is one Corral exports.
 */
export interface LabelMatcher {
  label: string
  op: '=' | '!=' | '=~' | '!~'
  value: string
}

export interface MetricSelector {
  metric: string
  matchers: LabelMatcher[]
}

export interface PromqlReads {
  selectors: MetricSelector[]
  /** Labels named in `by (…)`, `without (…)`, `on (…)`, `ignoring (…)`, `group_left (…)`, `group_right (…)`. */
  groupingLabels: string[]
}

const groupingKeywords = new Set(['by', 'without', 'on', 'ignoring', 'group_left', 'group_right'])
const operatorKeywords = new Set(['and', 'or', 'unless', 'bool', 'offset', 'atan2'])
// Followed by `by (…)` as often as by `(`: never a metric name.
const aggregations = new Set(
  'sum min max avg group stddev stdvar count count_values bottomk topk quantile limitk limit_ratio'.split(
    ' ',
  ),
)
const identifier = /^[A-Za-z_:][A-Za-z0-9_:]*/
const numberOrDuration = /^(?:0x[0-9a-fA-F]+|[0-9]*\.?[0-9]+(?:e[+-]?[0-9]+)?)(?:[a-zA-Z]+[0-9]*)*/

export function promqlReads(expr: string): PromqlReads {
  const selectors: MetricSelector[] = []
  const groupingLabels: string[] = []
  let at = 0
  const skipSpace = (): void => {
    while (at < expr.length && /\s/.test(expr[at]!)) at++
  }
  while (at < expr.length) {
    const rest = expr.slice(at)
    const char = expr[at]!
    if (/\s/.test(char)) at++
    else if (char === '"' || char === "'" || char === '`') at = endOfString(expr, at)
    else if (char === '[') at = expr.indexOf(']', at) + 1 || fail(expr, at, 'an unclosed [')
    else if (char === '$') at += 1 + (identifier.exec(rest.slice(1))?.[0].length ?? 0)
    else if (char === '{') fail(expr, at, 'a selector without a metric name')
    else if (numberOrDuration.test(rest)) at += numberOrDuration.exec(rest)![0].length
    else if (identifier.test(rest)) {
      const name = identifier.exec(rest)![0]
      at += name.length
      skipSpace()
      if (groupingKeywords.has(name) && expr[at] === '(') {
        const close = expr.indexOf(')', at)
        if (close < 0) fail(expr, at, 'an unclosed label list')
        groupingLabels.push(...splitLabels(expr.slice(at + 1, close)))
        at = close + 1
      } else if (
        expr[at] === '(' ||
        aggregations.has(name) ||
        operatorKeywords.has(name) ||
        groupingKeywords.has(name)
      ) {
        // A function or aggregation, or an operator keyword: nothing read from the TSDB by this name.
      } else if (expr[at] === '{') {
        const close = endOfMatchers(expr, at)
        selectors.push({ metric: name, matchers: parseMatchers(expr.slice(at + 1, close)) })
        at = close + 1
      } else selectors.push({ metric: name, matchers: [] })
    } else at++ // operators, parentheses, commas
  }
  return { selectors, groupingLabels }
}

function splitLabels(list: string): string[] {
  return list
    .split(',')
    .map((label) => label.trim())
    .filter((label) => label.length > 0)
}

function endOfString(expr: string, start: number): number {
  const quote = expr[start]
  for (let at = start + 1; at < expr.length; at++) {
    if (expr[at] === '\\' && quote !== '`') at++
    else if (expr[at] === quote) return at + 1
  }
  return fail(expr, start, 'an unclosed string')
}

function endOfMatchers(expr: string, open: number): number {
  for (let at = open + 1; at < expr.length; at++) {
    if (expr[at] === '"' || expr[at] === "'" || expr[at] === '`') at = endOfString(expr, at) - 1
    else if (expr[at] === '}') return at
  }
  return fail(expr, open, 'an unclosed {')
}

const matcher = /\s*([A-Za-z_][A-Za-z0-9_]*)\s*(=~|!~|!=|=)\s*"((?:[^"\\]|\\.)*)"\s*(?:,|$)/y

function parseMatchers(body: string): LabelMatcher[] {
  const matchers: LabelMatcher[] = []
  matcher.lastIndex = 0
  while (matcher.lastIndex < body.trim().length) {
    const found = matcher.exec(body)
    if (!found) throw new Error(`cannot read the label matchers {${body}}`)
    matchers.push({ label: found[1]!, op: found[2] as LabelMatcher['op'], value: found[3]! })
  }
  return matchers
}

function fail(expr: string, at: number, what: string): never {
  throw new Error(`${what} at ${at} in ${expr}`)
}
