import { httpResponse, type RequestOptions } from '@corral/web-kit'

/**
 * Downloads an authenticated export as a file. The access token lives in memory (not in a cookie),
 * so a plain link cannot carry it: the answer is fetched with the token, then handed to the browser.
 */
export async function downloadFile(
  path: string,
  filename: string,
  options: RequestOptions = {},
): Promise<void> {
  const response = await httpResponse(path, options)
  const url = URL.createObjectURL(await response.blob())
  try {
    const link = document.createElement('a')
    link.href = url
    link.download = filename
    document.body.appendChild(link)
    link.click()
    link.remove()
  } finally {
    setTimeout(() => URL.revokeObjectURL(url), 10_000)
  }
}
