// @vitest-environment node
import { mkdtemp, readFile, rm, stat, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { SignJWT } from "jose";
import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from "vitest";
import {
  AuthConfigError,
  resolveAuthConfig,
  UNSAFE_PRODUCTION_OVERRIDE,
  UNSAFE_PRODUCTION_OVERRIDE_VALUE,
} from "@/lib/authConfig.ts";
import { jwks, loadSigningKey } from "@/lib/localAuth/keys.ts";
import {
  CONVEX_AUDIENCE,
  issueConvexToken,
  issueSessionToken,
  localUserFromName,
  SESSION_AUDIENCE,
  verifyLocalToken,
} from "@/lib/localAuth/tokens.ts";

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(path.join(tmpdir(), "fondation-web-auth-"));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

const ISSUER = "http://localhost:3999";
const ada = { subject: "local-ada", name: "Ada" };

describe("resolveAuthConfig", () => {
  it("refuses to start with local auth in production", () => {
    expect(() => resolveAuthConfig({ FONDATION_LOCAL_AUTH: "1", NODE_ENV: "production" })).toThrow(
      AuthConfigError,
    );
    expect(() => resolveAuthConfig({ FONDATION_LOCAL_AUTH: "1", NODE_ENV: "production" })).toThrow(
      /Refusing to start/,
    );
  });

  it("accepts only the exact, loud override value in production", () => {
    expect(() =>
      resolveAuthConfig({
        FONDATION_LOCAL_AUTH: "1",
        NODE_ENV: "production",
        [UNSAFE_PRODUCTION_OVERRIDE]: "1",
      }),
    ).toThrow(AuthConfigError);
    expect(
      resolveAuthConfig({
        FONDATION_LOCAL_AUTH: "1",
        NODE_ENV: "production",
        [UNSAFE_PRODUCTION_OVERRIDE]: UNSAFE_PRODUCTION_OVERRIDE_VALUE,
      }).mode,
    ).toBe("local");
  });

  it("refuses local auth next to Clerk keys, and half a Clerk configuration", () => {
    expect(() =>
      resolveAuthConfig({
        FONDATION_LOCAL_AUTH: "1",
        NODE_ENV: "development",
        NEXT_PUBLIC_CLERK_PUBLISHABLE_KEY: "pk_test_x",
      }),
    ).toThrow(/together with Clerk keys/);
    expect(() => resolveAuthConfig({ CLERK_SECRET_KEY: "sk_test_x" })).toThrow(/set both/);
  });

  it("picks Clerk, local or unconfigured", () => {
    expect(
      resolveAuthConfig({
        NEXT_PUBLIC_CLERK_PUBLISHABLE_KEY: "pk_test_x",
        CLERK_SECRET_KEY: "sk_test_x",
      }),
    ).toEqual({ mode: "clerk", clerkPublishableKey: "pk_test_x" });
    expect(resolveAuthConfig({ FONDATION_LOCAL_AUTH: "1", NODE_ENV: "development" }).mode).toBe(
      "local",
    );
    expect(resolveAuthConfig({ FONDATION_LOCAL_AUTH: "0", NODE_ENV: "production" }).mode).toBe(
      "unconfigured",
    );
  });

  it("is enforced at start-up by instrumentation's register()", async () => {
    vi.stubEnv("NODE_ENV", "production");
    vi.stubEnv("FONDATION_LOCAL_AUTH", "1");
    try {
      const { register } = await import("@/instrumentation.ts");
      expect(() => register()).toThrow(/Refusing to start/);
    } finally {
      vi.unstubAllEnvs();
    }
  });
});

describe("local sign-in names", () => {
  it("derives a stable subject and rejects empty names", () => {
    expect(localUserFromName("  Ada   Lovelace ")).toEqual({
      ok: true,
      user: { subject: "local-ada-lovelace", name: "Ada Lovelace" },
    });
    expect(localUserFromName("   ")).toMatchObject({ ok: false });
    expect(localUserFromName("!!!")).toMatchObject({ ok: false });
    expect(localUserFromName("x".repeat(65))).toMatchObject({ ok: false });
  });
});

describe("local tokens", () => {
  it("issues RS256 Convex tokens that verify against the published JWKS", async () => {
    const key = await loadSigningKey(path.join(dir, "a.json"));
    const token = await issueConvexToken(key, ISSUER, ada);
    const [header, payload] = token
      .split(".")
      .slice(0, 2)
      .map((p) => JSON.parse(Buffer.from(p, "base64url").toString()));
    expect(header).toMatchObject({ alg: "RS256", kid: key.kid });
    expect(payload).toMatchObject({
      iss: ISSUER,
      aud: CONVEX_AUDIENCE,
      sub: "local-ada",
      name: "Ada",
    });
    expect(payload.exp - payload.iat).toBe(3600);
    expect(await verifyLocalToken(key, ISSUER, CONVEX_AUDIENCE, token)).toEqual(ada);
  });

  it("rejects another audience, another issuer, a tampered token and another key", async () => {
    const key = await loadSigningKey(path.join(dir, "b.json"));
    const other = await loadSigningKey(path.join(dir, "c.json"));
    const session = await issueSessionToken(key, ISSUER, ada);
    expect(await verifyLocalToken(key, ISSUER, SESSION_AUDIENCE, session)).toEqual(ada);
    expect(await verifyLocalToken(key, ISSUER, CONVEX_AUDIENCE, session)).toBeNull();
    expect(await verifyLocalToken(key, "http://evil", SESSION_AUDIENCE, session)).toBeNull();
    const [h, p, s] = session.split(".");
    const forged = Buffer.from(
      JSON.stringify({
        ...JSON.parse(Buffer.from(p as string, "base64url").toString()),
        sub: "local-root",
      }),
    ).toString("base64url");
    expect(await verifyLocalToken(key, ISSUER, SESSION_AUDIENCE, `${h}.${forged}.${s}`)).toBeNull();
    const foreign = await issueSessionToken(other, ISSUER, ada);
    expect(await verifyLocalToken(key, ISSUER, SESSION_AUDIENCE, foreign)).toBeNull();
    const hs = await new SignJWT({ name: "Ada" })
      .setProtectedHeader({ alg: "HS256" })
      .setIssuer(ISSUER)
      .setAudience(SESSION_AUDIENCE)
      .setSubject("local-ada")
      .setExpirationTime("1h")
      .sign(new TextEncoder().encode("a-shared-secret-that-is-long-enough"));
    expect(await verifyLocalToken(key, ISSUER, SESSION_AUDIENCE, hs)).toBeNull();
  });

  it("keeps the key in a private file and reuses it; the JWKS has no private parts", async () => {
    const file = path.join(dir, "nested", "key.json");
    const key = await loadSigningKey(file);
    expect((await stat(file)).mode & 0o777).toBe(0o600);
    const stored = JSON.parse(await readFile(file, "utf8"));
    expect(stored.kid).toBe(key.kid);
    const set = await jwks(file);
    expect(set.keys).toHaveLength(1);
    expect(set.keys[0]).toMatchObject({ kty: "RSA", alg: "RS256", use: "sig", kid: key.kid });
    for (const secret of ["d", "p", "q", "dp", "dq", "qi"])
      expect(set.keys[0]).not.toHaveProperty(secret);
  });

  it("says what to do with a key file it did not write", async () => {
    const file = path.join(dir, "garbage.json");
    await writeFile(file, JSON.stringify({ hello: "world" }));
    await expect(loadSigningKey(file)).rejects.toThrow(/Delete it and restart/);
  });
});

describe("local-auth route handlers", () => {
  beforeEach(() => {
    vi.stubEnv("FONDATION_LOCAL_AUTH_KEY_FILE", path.join(dir, "routes.json"));
    vi.stubEnv("NODE_ENV", "test");
  });

  async function routes() {
    return {
      session: await import("@/app/api/local-auth/session/route.ts"),
      token: await import("@/app/api/local-auth/token/route.ts"),
      jwks: await import("@/app/api/local-auth/jwks/route.ts"),
    };
  }

  it("answer 404 unless local mode is on", async () => {
    vi.stubEnv("FONDATION_LOCAL_AUTH", "");
    const r = await routes();
    expect((await r.jwks.GET()).status).toBe(404);
    expect((await r.token.GET(new Request(`${ISSUER}/api/local-auth/token`))).status).toBe(404);
    vi.unstubAllEnvs();
  });

  it("sign in sets an httpOnly session; the token route then issues a Convex token", async () => {
    vi.stubEnv("FONDATION_LOCAL_AUTH", "1");
    const r = await routes();
    const signedOut = await r.token.GET(new Request(`${ISSUER}/api/local-auth/token`));
    expect(signedOut.status).toBe(401);

    const bad = await r.session.POST(
      new Request(`${ISSUER}/api/local-auth/session`, {
        method: "POST",
        body: JSON.stringify({ name: " " }),
      }),
    );
    expect(bad.status).toBe(400);
    expect((await bad.json()).error).toMatch(/Enter a name/);

    const signIn = await r.session.POST(
      new Request(`${ISSUER}/api/local-auth/session`, {
        method: "POST",
        body: JSON.stringify({ name: "Ada" }),
      }),
    );
    expect(signIn.status).toBe(200);
    const cookie = signIn.headers.get("set-cookie") ?? "";
    expect(cookie).toMatch(/^fondation_local_session=/);
    expect(cookie).toContain("HttpOnly");
    const pair = cookie.split(";")[0] as string;

    const me = await r.session.GET(
      new Request(`${ISSUER}/api/local-auth/session`, { headers: { cookie: pair } }),
    );
    expect((await me.json()).user).toEqual(ada);

    const tokenResponse = await r.token.GET(
      new Request(`${ISSUER}/api/local-auth/token`, { headers: { cookie: pair } }),
    );
    const { token } = (await tokenResponse.json()) as { token: string };
    const key = await loadSigningKey(path.join(dir, "routes.json"));
    expect(await verifyLocalToken(key, ISSUER, CONVEX_AUDIENCE, token)).toEqual(ada);

    // The session cookie itself is not a Convex token.
    const sessionToken = decodeURIComponent(pair.split("=")[1] as string);
    expect(await verifyLocalToken(key, ISSUER, CONVEX_AUDIENCE, sessionToken)).toBeNull();

    const published = await (await r.jwks.GET()).json();
    expect(published.keys[0].kid).toBe(key.kid);
    vi.unstubAllEnvs();
  });
});
