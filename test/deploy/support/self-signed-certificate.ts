import { execFileSync } from 'node:child_process'
import { readFileSync } from 'node:fs'
import path from 'node:path'

export interface Certificate {
  certificateFile: string
  keyFile: string
  /** The PEM text, for clients to trust it as their CA. */
  pem: string
}

/** A self-signed certificate for 127.0.0.1 and localhost, made at test time with openssl. */
export function selfSignedCertificate(directory: string): Certificate {
  const certificateFile = path.join(directory, 'fullchain.pem')
  const keyFile = path.join(directory, 'privkey.pem')
  execFileSync(
    'openssl',
    [
      'req',
      '-x509',
      '-newkey',
      'ec',
      '-pkeyopt',
      'ec_paramgen_curve:prime256v1',
      '-nodes',
      '-days',
      '1',
      '-subj',
      '/CN=localhost',
      '-addext',
      'subjectAltName=IP:127.0.0.1,DNS:localhost',
      '-keyout',
      keyFile,
      '-out',
      certificateFile,
    ],
    { stdio: 'pipe' },
  )
  return { certificateFile, keyFile, pem: readFileSync(certificateFile, 'utf8') }
}
