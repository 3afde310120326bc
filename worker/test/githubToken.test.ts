import { createServer, type IncomingMessage } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { JobFailure } from "../src/jobFailure.ts";
import { fetchClerkGithubToken, resolveCloneAuth } from "../src/runner/githubToken.ts";

// A stand-in for Clerk's Backend API: GET /v1/users/:id/oauth_access_tokens/oauth_github.
const seen: { url: string; authorization: string | undefined }[] = [];
let clerkUrl: string;
const server = createServer((req: IncomingMessage, res) => {
  seen.push({ url: req.url ?? "", authorization: req.headers.authorization });
  const user = /\/v1\/users\/([^/]+)\/oauth_access_tokens\/oauth_github$/.exec(req.url ?? "")?.[1];
  if (req.headers.authorization !== "Bearer sk_test_clerkkey0123")
    return void res.writeHead(401).end();
  if (user === "user_with_github") {
    res.writeHead(200, { "content-type": "application/json" });
    return void res.end(
      JSON.stringify([{ provider: "oauth_github", token: "gho_fromclerk", scopes: ["repo"] }]),
    );
  }
  if (user === "user_broken") return void res.writeHead(503).end();
  res.writeHead(200, { "content-type": "application/json" });
  res.end("[]");
});

beforeAll(async () => {
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  clerkUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(() => {
  server.close();
});

const github = { url: "https://github.com/o/r.git", host: "github.com", private: true };
const config = () => ({
  githubToken: undefined as string | undefined,
  clerkSecretKey: "sk_test_clerkkey0123" as string | undefined,
  clerkApiUrl: clerkUrl,
  allowLocalGit: false,
});

describe("clone credentials", () => {
  it("uses the owner's GitHub token from Clerk for github.com", async () => {
    const auth = await resolveCloneAuth(github, { clerkUserId: "user_with_github" }, config());
    expect(auth).toEqual({
      username: "x-access-token",
      password: "gho_fromclerk",
      source: "clerk",
    });
    expect(seen.at(-1)?.authorization).toBe("Bearer sk_test_clerkkey0123");
  });

  it("finds the Clerk user id in a tokenIdentifier", async () => {
    const owner = { tokenIdentifier: "https://clerk.example.dev|user_with_github" };
    expect(await resolveCloneAuth(github, owner, config())).toMatchObject({
      password: "gho_fromclerk",
    });
  });

  it("falls back to GITHUB_TOKEN, and to nothing", async () => {
    const withEnv = { ...config(), githubToken: "ghp_selfhosted" };
    expect(await resolveCloneAuth(github, { clerkUserId: "user_without" }, withEnv)).toMatchObject({
      password: "ghp_selfhosted",
      source: "env",
    });
    expect(
      await resolveCloneAuth(github, { clerkUserId: "user_without" }, config()),
    ).toBeUndefined();
    expect(
      await resolveCloneAuth(github, undefined, { ...config(), clerkSecretKey: undefined }),
    ).toBeUndefined();
  });

  it("never offers a GitHub token to another host", async () => {
    const other = { url: "https://gitlab.example/o/r.git", host: "gitlab.example", private: true };
    const count = seen.length;
    const auth = await resolveCloneAuth(
      other,
      { clerkUserId: "user_with_github" },
      { ...config(), githubToken: "ghp_x" },
    );
    expect(auth).toBeUndefined();
    expect(seen.length).toBe(count); // Clerk was not even asked
    const loopback = { url: "http://127.0.0.1:1/r.git", host: "127.0.0.1", private: false };
    expect(
      await resolveCloneAuth(loopback, undefined, { ...config(), githubToken: "ghp_x" }),
    ).toBeUndefined();
    expect(
      await resolveCloneAuth(loopback, undefined, {
        ...config(),
        githubToken: "ghp_x",
        allowLocalGit: true,
      }),
    ).toMatchObject({ password: "ghp_x" });
  });

  it("a Clerk outage fails a private clone as retryable, without the key in the message", async () => {
    let error: JobFailure | undefined;
    try {
      await fetchClerkGithubToken("user_broken", config(), fetch, true);
    } catch (e) {
      error = e as JobFailure;
    }
    expect(error).toMatchObject({ code: "clone_failed", retryable: true });
    expect(error?.message).not.toContain("sk_test");
    // For a public repository the clone goes on without a token.
    expect(await fetchClerkGithubToken("user_broken", config(), fetch, false)).toBeUndefined();
  });

  it("refuses odd user ids instead of building a URL from them", async () => {
    const count = seen.length;
    expect(await fetchClerkGithubToken("../../admin", config())).toBeUndefined();
    expect(seen.length).toBe(count);
  });
});
