import { randomInt } from 'node:crypto'

/** No 0/O, 1/l/I: a generated password is often read off a screen and typed elsewhere. */
const alphabet = 'abcdefghijkmnopqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789'
const groupLength = 5
const groups = 4

/**
 * A password for an account an admin creates or resets: 20 characters from 57 (about 117 bits),
 * in dash-separated groups of five so it can be read aloud. It passes the password policy by far.
 */
export function generatePassword(): string {
  const pick = () => alphabet[randomInt(alphabet.length)]!
  return Array.from({ length: groups }, () => Array.from({ length: groupLength }, pick).join('')).join('-')
}
