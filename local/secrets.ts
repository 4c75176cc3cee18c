// The local stack's secrets: the key that signs local tokens and the key that signs list cursors.
// Random per machine, made on the first `npm start`, readable by this user only.
import { randomBytes } from 'node:crypto';
import { chmodSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { LOCAL_STATE_DIRECTORY } from './aws-local.js';

export interface LocalSecrets {
  jwtKey: string;
  cursorSecret: string;
}

export const LOCAL_SECRETS_PATH = join(LOCAL_STATE_DIRECTORY, 'secrets.json');

export const randomSecret = () => randomBytes(32).toString('base64url');

export function loadOrCreateLocalSecrets(path = LOCAL_SECRETS_PATH): LocalSecrets {
  // The local state holds children's reports, keys and phone numbers: only its owner may enter it.
  mkdirSync(dirname(path), { recursive: true, mode: 0o700 });
  chmodSync(dirname(path), 0o700);
  try {
    // `wx` fails when the file exists, so two starts never overwrite each other's keys.
    writeFileSync(path, `${JSON.stringify({ jwtKey: randomSecret(), cursorSecret: randomSecret() }, null, 2)}\n`, {
      mode: 0o600,
      flag: 'wx',
    });
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
  }
  return readLocalSecrets(path);
}

export function readLocalSecrets(path = LOCAL_SECRETS_PATH): LocalSecrets {
  let parsed: Partial<LocalSecrets>;
  try {
    parsed = JSON.parse(readFileSync(path, 'utf8')) as Partial<LocalSecrets>;
  } catch {
    throw new Error(`${path} is missing or unreadable: npm start creates it`);
  }
  if (typeof parsed.jwtKey !== 'string' || typeof parsed.cursorSecret !== 'string') {
    throw new Error(`${path} is not a Suraksha secrets file: delete it and run npm start again`);
  }
  return { jwtKey: parsed.jwtKey, cursorSecret: parsed.cursorSecret };
}
