/** What the gateway asks of the auth service. */
export interface AuthClient {
  /**
   * Verifies a JWT access token against the current signing keys (in memory: no database round
   * trip) and returns its subject, or throws `Errors.invalidToken`.
   */
  verifyAccessToken(
    token: string,
  ): Promise<{ userId: string; sessionId: string; issuedAt: number; expiresAt: number }>
}
