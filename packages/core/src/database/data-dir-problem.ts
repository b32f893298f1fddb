import { StartupError } from '../config/startup-error.ts'

const whoRuns = () =>
  process.getuid ? `the user Corral runs as (uid ${process.getuid()})` : 'the user Corral runs as'

/**
 * Turns a file-system failure in the data directory into a message that names CORRAL_DATA_DIR and
 * the fix, instead of `EACCES: permission denied, mkdir …` or PGlite's "failed to initialize".
 * Anything it does not recognise is returned unchanged.
 */
export function dataDirProblem(error: unknown, target: string): unknown {
  const code = (error as NodeJS.ErrnoException | undefined)?.code
  switch (code) {
    case 'EACCES':
    case 'EPERM':
      return new StartupError(
        'CORRAL_DATA_DIR',
        `${target} is not writable (permission denied)`,
        `Give ${whoRuns()} write access to it (chown/chmod), or set CORRAL_DATA_DIR to a directory it owns`,
      )
    case 'EROFS':
      return new StartupError(
        'CORRAL_DATA_DIR',
        `${target} is on a read-only file system`,
        'Set CORRAL_DATA_DIR to a writable directory (in a container: a writable volume)',
      )
    case 'ENOTDIR':
    case 'EEXIST':
      return new StartupError(
        'CORRAL_DATA_DIR',
        `${target} is not a directory`,
        'Set CORRAL_DATA_DIR to a directory (it is created when missing)',
      )
    case 'ENOSPC':
    case 'EDQUOT':
      return new StartupError(
        'CORRAL_DATA_DIR',
        `no space left for ${target}`,
        'Free some space on that file system or set CORRAL_DATA_DIR to another one',
      )
    default:
      return error
  }
}
