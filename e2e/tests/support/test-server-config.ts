/**
 * Where the e2e Corral and its Ollama simulator listen, and the admin they start with. Shared by the
 * server script and the tests; fixed ports so Playwright's `webServer` can wait for them.
 */
export const corralPort = Number(process.env.CORRAL_E2E_PORT ?? 18080)
export const simPort = Number(process.env.CORRAL_E2E_SIM_PORT ?? 18081)
export const corralUrl = `http://127.0.0.1:${corralPort}`
export const simUrl = `http://127.0.0.1:${simPort}`
export const admin = { username: 'e2e-admin', password: 'Quokka-Meadow-Lantern-42!' }
/** Slow enough that a browser sees an answer grow token by token. */
export const tokenIntervalMs = 40
export const defaultResponseTokens = 24
