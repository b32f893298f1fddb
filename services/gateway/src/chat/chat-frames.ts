import type { ChatClientFrame } from '@corral/contracts'

const maxContent = 200_000
const maxImages = 8
const maxImageChars = 20 * 1024 * 1024

const isString = (value: unknown, max = 200): value is string =>
  typeof value === 'string' && value.length > 0 && value.length <= max

/** Validates a client frame by hand: the WebSocket has no route schema. Returns undefined when invalid. */
export function parseClientFrame(text: string): ChatClientFrame | undefined {
  let frame: Record<string, unknown>
  try {
    frame = JSON.parse(text) as Record<string, unknown>
  } catch {
    return undefined
  }
  if (!frame || typeof frame !== 'object') return undefined
  switch (frame.type) {
    case 'auth':
      return isString(frame.token, 4096) ? { type: 'auth', token: frame.token } : undefined
    case 'ping':
      return { type: 'ping' }
    case 'stop':
      return isString(frame.request_id) ? { type: 'stop', request_id: frame.request_id } : undefined
    case 'send': {
      const images = frame.images
      const imagesValid =
        images === undefined ||
        (Array.isArray(images) &&
          images.length <= maxImages &&
          images.every((image) => isString(image, maxImageChars)))
      if (
        !isString(frame.request_id) ||
        !isString(frame.conversation_id) ||
        typeof frame.content !== 'string' ||
        frame.content.length > maxContent ||
        !imagesValid
      ) {
        return undefined
      }
      return {
        type: 'send',
        request_id: frame.request_id,
        conversation_id: frame.conversation_id,
        content: frame.content,
        images: images,
      }
    }
    case 'regenerate':
      return isString(frame.request_id) && isString(frame.conversation_id)
        ? { type: 'regenerate', request_id: frame.request_id, conversation_id: frame.conversation_id }
        : undefined
    case 'edit':
      return isString(frame.request_id) &&
        isString(frame.conversation_id) &&
        isString(frame.message_id) &&
        isString(frame.content, maxContent)
        ? {
            type: 'edit',
            request_id: frame.request_id,
            conversation_id: frame.conversation_id,
            message_id: frame.message_id,
            content: frame.content,
          }
        : undefined
    default:
      return undefined
  }
}
