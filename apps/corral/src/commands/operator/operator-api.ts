/** One answer of the admin API: its status and its JSON body (null when it has none). */
export interface OperatorResponse {
  status: number
  body: unknown
}

/** How an operator command reaches the admin API: a running server's socket, or an app in this process. */
export interface OperatorTransport {
  send(method: string, url: string, body?: unknown): Promise<OperatorResponse>
  close(): Promise<void>
}

/** The API refused (`{statusCode, code, error, message}`); the command prints its message and exits 1. */
export class OperatorRequestError extends Error {
  readonly code: string
  constructor(readonly body: { statusCode: number; code: string; error?: string; message: string }) {
    super(body.message)
    this.name = 'OperatorRequestError'
    this.code = body.code
  }
}

/** The admin API for operator commands: answers are bodies, refusals are thrown. */
export class OperatorApi {
  constructor(private readonly transport: OperatorTransport) {}

  async call<T>(method: string, url: string, body?: unknown): Promise<T> {
    const response = await this.transport.send(method, url, body)
    if (response.status >= 400) {
      const error = response.body as Partial<OperatorRequestError['body']> | null
      throw new OperatorRequestError({
        statusCode: response.status,
        code: error?.code ?? 'CORRAL_ERR_INTERNAL',
        error: error?.error,
        message: error?.message ?? `the server answered ${response.status}`,
      })
    }
    return response.body as T
  }

  close(): Promise<void> {
    return this.transport.close()
  }
}
