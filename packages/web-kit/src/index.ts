// Session and HTTP plumbing shared by the chat app and the admin panel: one sign-in serves both.
export { http, httpResponse, type RequestOptions } from './http/http-client.ts'
export { HttpError, httpErrorFrom, isHttpError, parseRetryAfter, type ErrorField } from './http/http-error.ts'
export { TokenStore, tokenStore, type SessionSnapshot, type SessionStatus } from './session/token-store.ts'
export { useSession } from './session/use-session.ts'
export { useSessionKeeper } from './session/use-session-keeper.ts'
export { getMe, meQueryKey, meQueryOptions, useMe } from './auth/get-me.ts'
export { login, useLogin, type Credentials } from './auth/login.ts'
export { useLogout } from './auth/logout.ts'
export { refreshSession } from './auth/refresh-session.ts'
export { register, useRegister } from './auth/register.ts'
export {
  createSessionQueryClient,
  endsSession,
  sessionEndedMessage,
  type SessionQueryClientOptions,
} from './query/session-query-client.ts'
export { copyText } from './clipboard/copy-text.ts'
