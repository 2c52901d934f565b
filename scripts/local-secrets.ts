import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { randomBytes } from 'node:crypto';
import { dirname, join } from 'node:path';

/** Secrets of local mode (`npm start`), generated once per checkout and kept under `.data/`. */
export interface LocalSecrets {
  readonly internalSigningSecret: string;
  readonly jwtSecret: string;
}

export function localSecrets(dataDirectory: string): LocalSecrets {
  const file = join(dataDirectory, 'local-secrets.json');
  if (existsSync(file)) {
    return JSON.parse(readFileSync(file, 'utf8')) as LocalSecrets;
  }
  const secrets: LocalSecrets = {
    internalSigningSecret: randomBytes(32).toString('hex'),
    jwtSecret: randomBytes(32).toString('hex'),
  };
  mkdirSync(dirname(file), { recursive: true });
  writeFileSync(file, JSON.stringify(secrets, null, 2), { mode: 0o600 });
  return secrets;
}
