/**
 * Corral cannot start, or an operator command cannot run, because of something around it: the
 * database does not answer, the data directory is not writable or is in use. The message names the
 * variable to look at and says what to do, since the operator reads nothing else.
 */
export class StartupError extends Error {
  constructor(
    readonly variable: string,
    problem: string,
    fix: string,
  ) {
    super(`${variable}: ${problem}. ${fix}`)
    this.name = 'StartupError'
  }
}
