import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { randomBytes } from 'node:crypto';
import { dirname, join } from 'node:path';

/** Secrets of local mode (`npm start`), generated once per checkout and kept under `.data/`. */
export interface LocalSecrets {
  readonly internalSigningSecret: string;
  readonly jwtSecret: string;
  /** auth-connector's AES-256 key for Zoho tokens at rest (base64, 32 bytes) and its id. */
  readonly tokenEncryptionKey: string;
  readonly tokenEncryptionKeyId: string;
}

/** Reads `.data/local-secrets.json`, adding any secret a checkout made before it existed (existing ones are kept). */
export function localSecrets(dataDirectory: string): LocalSecrets {
  const file = join(dataDirectory, 'local-secrets.json');
  const stored: Partial<LocalSecrets> = existsSync(file) ? (JSON.parse(readFileSync(file, 'utf8')) as Partial<LocalSecrets>) : {};
  const secrets: LocalSecrets = {
    internalSigningSecret: stored.internalSigningSecret ?? randomBytes(32).toString('hex'),
    jwtSecret: stored.jwtSecret ?? randomBytes(32).toString('hex'),
    tokenEncryptionKey: stored.tokenEncryptionKey ?? randomBytes(32).toString('base64'),
    tokenEncryptionKeyId: stored.tokenEncryptionKeyId ?? 'local-1',
  };
  if (Object.keys(stored).length !== Object.keys(secrets).length) {
    mkdirSync(dirname(file), { recursive: true });
    writeFileSync(file, JSON.stringify(secrets, null, 2), { mode: 0o600 });
  }
  return secrets;
}
