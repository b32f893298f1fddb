// The part of fs-native-extensions Corral uses (the package ships no types). `tryLock` takes an
// exclusive lock on the whole file: an open-file-description lock (fcntl F_OFD_SETLK) on Linux, flock
// on macOS, LockFileEx on Windows; the kernel drops it when the descriptor closes or the process dies.
declare module 'fs-native-extensions' {
  export function tryLock(fd: number, options?: { shared?: boolean }): boolean
  export function unlock(fd: number): void
}
