/** Ollama takes images as bare base64; the browser shows them as data URLs, so both ways are needed. */
export function readImageAsBase64(file: File): Promise<{ base64: string; preview: string }> {
  return new Promise((resolve, reject) => {
    const reader = new FileReader()
    reader.onload = () => {
      const preview = reader.result as string
      resolve({ base64: preview.slice(preview.indexOf(',') + 1), preview })
    }
    reader.onerror = () => reject(reader.error ?? new Error('Could not read the image'))
    reader.readAsDataURL(file)
  })
}

/** Stored images have no MIME type: the first bytes of the base64 say which format it is. */
export function imageDataUrl(base64: string): string {
  const type = base64.startsWith('/9j/')
    ? 'image/jpeg'
    : base64.startsWith('R0lG')
      ? 'image/gif'
      : base64.startsWith('UklG')
        ? 'image/webp'
        : 'image/png'
  return `data:${type};base64,${base64}`
}
