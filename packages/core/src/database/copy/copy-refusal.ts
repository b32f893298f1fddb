/**
 * A copy that must not go ahead, for a reason the operator can fix: the target already holds Corral
 * data, the source was written by another release, … `side` says which database the message is about,
 * so the command can name the option or variable that chose it.
 */
export class CopyRefusal extends Error {
  constructor(
    readonly side: 'source' | 'target',
    readonly problem: string,
    readonly fix: string,
  ) {
    super(`${problem}. ${fix}`)
    this.name = 'CopyRefusal'
  }
}
