/**
 * The local-auth signing key (development and end-to-end tests only).
 *
 * An RS256 key pair the app generates on first use and keeps in a file (0600), so the
 * JWKS that the local Convex backend fetched stays valid across restarts of the app and
 * across Next's separately compiled route bundles. The private key never leaves the server.
 */
import { mkdir, readFile, rename, writeFile } from "node:fs/promises";
import path from "node:path";
import { exportJWK, generateKeyPair, importJWK, type JWK } from "jose";

export const LOCAL_AUTH_ALG = "RS256";

export interface SigningKey {
  kid: string;
  privateKey: CryptoKey;
  publicJwk: JWK;
}

interface StoredKey {
  kid: string;
  privateJwk: JWK;
  publicJwk: JWK;
}

export function defaultKeyFile(env: Record<string, string | undefined> = process.env): string {
  return (
    env.FONDATION_LOCAL_AUTH_KEY_FILE?.trim() ||
    path.join(process.cwd(), ".local-auth", "signing-key.json")
  );
}

async function createKey(file: string): Promise<StoredKey> {
  const { privateKey, publicKey } = await generateKeyPair(LOCAL_AUTH_ALG, { extractable: true });
  const kid = `local-${crypto.randomUUID()}`;
  const stored: StoredKey = {
    kid,
    privateJwk: await exportJWK(privateKey),
    publicJwk: { ...(await exportJWK(publicKey)), kid, alg: LOCAL_AUTH_ALG, use: "sig" },
  };
  await mkdir(path.dirname(file), { recursive: true });
  // Write then rename, so a concurrent reader never sees half a key.
  const tmp = `${file}.${process.pid}.${Date.now()}.tmp`;
  await writeFile(tmp, JSON.stringify(stored), { mode: 0o600 });
  await rename(tmp, file);
  return stored;
}

async function readKey(file: string): Promise<StoredKey | null> {
  let text: string;
  try {
    text = await readFile(file, "utf8");
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "ENOENT") return null;
    throw error;
  }
  const parsed = JSON.parse(text) as Partial<StoredKey>;
  if (!parsed.kid || !parsed.privateJwk || !parsed.publicJwk) {
    throw new Error(
      `The local-auth key file ${file} is not a key this app wrote. Delete it and restart: a new key is generated.`,
    );
  }
  return parsed as StoredKey;
}

const cache = new Map<string, Promise<SigningKey>>();

/** The signing key kept in `file`, created on first use. */
export function loadSigningKey(file: string = defaultKeyFile()): Promise<SigningKey> {
  let key = cache.get(file);
  if (!key) {
    key = (async () => {
      const stored = (await readKey(file)) ?? (await createKey(file));
      const privateKey = (await importJWK(stored.privateJwk, LOCAL_AUTH_ALG)) as CryptoKey;
      return { kid: stored.kid, privateKey, publicJwk: stored.publicJwk };
    })();
    key.catch(() => cache.delete(file));
    cache.set(file, key);
  }
  return key;
}

/** The public half, as a JSON Web Key Set. */
export async function jwks(file?: string): Promise<{ keys: JWK[] }> {
  const key = await loadSigningKey(file);
  return { keys: [key.publicJwk] };
}
