const part = /^(?:body|querystring|params|headers)(?:\/(\S+))?\s+(.*)$/

/**
 * Schema validation messages (Ajv's, through Fastify) name the part of the request and the rule:
 * `body/name must NOT have fewer than 1 characters`, `body must have required property 'username'`,
 * and a union repeats itself for each branch. People need the field and what to do, once each.
 */
export function readableValidation(message: string): string {
  const sentences = message.split(/, (?=(?:body|querystring|params|headers)\b)/).map((piece) => {
    const match = part.exec(piece)
    if (!match) return sentence(piece)
    const [, path, rule = ''] = match
    const required = /^must have required property '([^']+)'$/.exec(rule)?.[1]
    if (required) return `${label(path ? `${path}/${required}` : required)} is required.`
    return `${path ? label(path) : 'The request'} ${ruleText(rule)}.`
  })
  return [...new Set(sentences)].join(' ')
}

function ruleText(rule: string): string {
  const fewer = /^must NOT have fewer than (\d+) characters$/.exec(rule)?.[1]
  if (fewer) return fewer === '1' ? 'must not be empty' : `must have at least ${fewer} characters`
  const more = /^must NOT have more than (\d+) characters$/.exec(rule)?.[1]
  if (more) return `must have at most ${more} characters`
  if (
    /^must (?:be equal to constant|match a schema in anyOf|be equal to one of the allowed values)$/.test(rule)
  )
    return 'is not one of the allowed values'
  const bound = /^must be ([<>]=?) (\S+)$/.exec(rule)
  if (bound) return `must be ${bound[1]!.startsWith('>') ? 'at least' : 'at most'} ${bound[2]}`
  return rule.replaceAll(' NOT ', ' not ')
}

/** `options/num_ctx` → "Num ctx": the last segment, as words. */
function label(path: string): string {
  const words = (path.split('/').at(-1) ?? path).replaceAll('_', ' ')
  return words.charAt(0).toUpperCase() + words.slice(1)
}

function sentence(text: string): string {
  const trimmed = text.trim()
  const capital = trimmed.charAt(0).toUpperCase() + trimmed.slice(1)
  return /[.!?]$/.test(capital) ? capital : `${capital}.`
}
