import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { ConvexHttpClient } from "convex/browser";
import { exportJWK, generateKeyPair, type JWK, SignJWT } from "jose";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import type { LocalConvex } from "../src/index.ts";
import { PINNED_CONVEX_VERSION } from "../src/index.ts";
import { fn, newClient, startChat, waitFor, watch } from "./helpers.ts";

const ISSUER = "https://issuer.local-convex.test";
type Keys = Awaited<ReturnType<typeof generateKeyPair>>;

let provider: Server;
let providerUrl: string;
let keys: Keys;
let strangerKeys: Keys;
let server: LocalConvex | undefined;

async function token(
  claims: Record<string, unknown>,
  options: {
    issuer?: string;
    audience?: string;
    expiresIn?: string | number;
    signWith?: Keys;
  } = {},
) {
  return await new SignJWT(claims)
    .setProtectedHeader({ alg: "RS256", kid: "test-key" })
    .setSubject(String(claims.sub ?? "user-1"))
    .setIssuer(options.issuer ?? ISSUER)
    .setAudience(options.audience ?? "local-convex-test")
    .setIssuedAt()
    .setExpirationTime(options.expiresIn ?? "1h")
    .sign((options.signWith ?? keys).privateKey);
}

beforeAll(async () => {
  keys = await generateKeyPair("RS256");
  strangerKeys = await generateKeyPair("RS256");
  const jwk: JWK = { ...(await exportJWK(keys.publicKey)), kid: "test-key", alg: "RS256" };
  // One identity provider: JWKS for the customJwt provider, and the OIDC-style layout
  // (no discovery document, keys at /.well-known/jwks.json) for the `domain` provider.
  provider = createServer((req, res) => {
    if (req.url === "/jwks.json" || req.url === "/oidc/.well-known/jwks.json") {
      res.writeHead(200, { "Content-Type": "application/json" });
      res.end(JSON.stringify({ keys: [jwk] }));
    } else {
      res.writeHead(404).end();
    }
  });
  await new Promise<void>((resolve) => provider.listen(0, "127.0.0.1", resolve));
  providerUrl = `http://127.0.0.1:${(provider.address() as AddressInfo).port}`;
  process.env.LOCAL_CONVEX_TEST_ISSUER = ISSUER;
  process.env.LOCAL_CONVEX_TEST_JWKS = `${providerUrl}/jwks.json`;
  process.env.LOCAL_CONVEX_TEST_OIDC_DOMAIN = `${providerUrl}/oidc`;
});

afterEach(async () => {
  await server?.stop();
  server = undefined;
});

afterAll(() => {
  provider.close();
});

/** Sets the token on a fresh client; resolves with what the client reported. */
async function authenticate(url: string, jwt: string) {
  const client = newClient(url);
  const changes: boolean[] = [];
  client.setAuth(
    async () => jwt,
    (isAuthenticated) => changes.push(isAuthenticated),
  );
  const accepted = await waitFor("auth decision", () => changes[0]);
  return { client, accepted };
}

describe("auth", () => {
  it("verifies a customJwt token and runs functions as that user", async () => {
    server = await startChat();
    const jwt = await token({ sub: "ada", name: "Ada" });
    const { client, accepted } = await authenticate(server.url, jwt);
    expect(accepted).toBe(true);
    expect(await client.query(fn.whoami, {})).toEqual({
      subject: "ada",
      issuer: ISSUER,
      name: "Ada",
    });
    await client.mutation(fn.addNote, { text: "mine" });
    expect(await client.query(fn.myNotes, {})).toEqual([
      expect.objectContaining({ owner: "ada", text: "mine" }),
    ]);
    await client.close();
  });

  it("keeps the identity and the queries after the server drops the socket", async () => {
    server = await startChat();
    const { client } = await authenticate(server.url, await token({ sub: "bob" }));
    const notes = watch<{ text: string }[]>(client, fn.myNotes, {});
    await waitFor("notes", () => notes.latest());
    for (const connection of server.connections()) connection.drop();
    await client.mutation(fn.addNote, { text: "after reconnect" });
    const pushed = await waitFor("note pushed", () =>
      notes.latest()?.length ? notes.latest() : undefined,
    );
    expect(pushed.map((n) => n.text)).toEqual(["after reconnect"]);
    expect(client.connectionState().connectionCount).toBeGreaterThan(1);
    await client.close();
  });

  it.each([
    ["an expired token", () => token({ sub: "x" }, { expiresIn: "-1m" })],
    ["a token for another audience", () => token({ sub: "x" }, { audience: "someone-else" })],
    ["a token from an unknown issuer", () => token({ sub: "x" }, { issuer: "https://evil.test" })],
    ["a token signed with another key", () => token({ sub: "x" }, { signWith: strangerKeys })],
    ["something that is not a JWT", async () => "not-a-jwt"],
  ])("answers AuthError to %s, and the client ends up signed out", async (_name, make) => {
    server = await startChat();
    const { client, accepted } = await authenticate(server.url, await make());
    expect(accepted).toBe(false);
    expect(await client.query(fn.whoami, {})).toBeNull();
    const refused = await client.mutation(fn.addNote, { text: "x" }).catch((e: unknown) => e);
    expect((refused as { data?: unknown }).data).toEqual({ code: "UNAUTHENTICATED" });
    await client.close();
  });

  it("verifies tokens of a `domain` (OIDC-style) provider through its JWKS", async () => {
    server = await startChat();
    const jwt = await token(
      { sub: "carol" },
      { issuer: `${providerUrl}/oidc`, audience: "convex" },
    );
    const { client, accepted } = await authenticate(server.url, jwt);
    expect(accepted).toBe(true);
    expect(await client.query(fn.whoami, {})).toMatchObject({
      subject: "carol",
      issuer: `${providerUrl}/oidc`,
    });
    await client.close();
  });

  it("verifies Bearer tokens on the HTTP API", async () => {
    server = await startChat();
    const http = new ConvexHttpClient(server.url, { logger: false });
    http.setAuth(await token({ sub: "dan" }));
    expect(await http.query(fn.whoami, {})).toMatchObject({ subject: "dan" });
    http.setAuth(await token({ sub: "dan" }, { expiresIn: "-1m" }));
    const error = await http.query(fn.whoami, {}).catch((e: unknown) => e);
    expect(String(error)).toContain("Token expired");
  });

  it("advances the identity version on success and sends AuthError when the token expires", async () => {
    server = await startChat();
    const socket = new WebSocket(
      `${server.url.replace("http", "ws")}/api/${PINNED_CONVEX_VERSION}/sync`,
    );
    const messages: Record<string, unknown>[] = [];
    socket.onmessage = (event) => messages.push(JSON.parse(String(event.data)));
    await new Promise((resolve) => {
      socket.onopen = resolve;
    });
    const expiresAt = Math.floor(Date.now() / 1000) + 2;
    socket.send(
      JSON.stringify({
        type: "Authenticate",
        tokenType: "User",
        value: await token({ sub: "eve" }, { expiresIn: expiresAt }),
        baseVersion: 0,
      }),
    );
    const accepted = await waitFor("Transition", () =>
      messages.find((m) => m.type === "Transition"),
    );
    expect(accepted).toMatchObject({ startVersion: { identity: 0 }, endVersion: { identity: 1 } });
    const expired = await waitFor(
      "AuthError on expiry",
      () => messages.find((m) => m.type === "AuthError"),
      5_000,
    );
    expect(expired).toMatchObject({ error: "Token expired", authUpdateAttempted: false });
    socket.close();
  });
});
