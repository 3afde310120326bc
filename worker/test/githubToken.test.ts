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

const github = { url: "https://github.com/o/r.git", private: true };
const config = () => ({
  githubToken: undefined as string | undefined,
  githubTokenRepos: [] as string[],
  clerkSecretKey: "sk_test_clerkkey0123" as string | undefined,
  clerkApiUrl: clerkUrl,
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

  // Issue 11: a user without a GitHub token in Clerk got the operator's GITHUB_TOKEN, and
  // with it another account's private repository.
  it("never falls back to the operator's GITHUB_TOKEN for someone else's repository", async () => {
    const victim = { url: "https://github.com/victim-org/secret.git", private: true };
    const withOperatorToken = { ...config(), githubToken: "ghp_operator" };
    expect(
      await resolveCloneAuth(victim, { clerkUserId: "user_without" }, withOperatorToken),
    ).toBeUndefined();
    expect(await resolveCloneAuth(victim, undefined, withOperatorToken)).toBeUndefined();
    expect(
      await resolveCloneAuth(victim, undefined, {
        ...withOperatorToken,
        clerkSecretKey: undefined,
      }),
    ).toBeUndefined();
  });

  it("the operator's token serves exactly the repositories GITHUB_TOKEN_REPOS names", async () => {
    const operator = {
      ...config(),
      githubToken: "ghp_operator",
      githubTokenRepos: ["acme/docs", "tools-org/*"],
    };
    const count = seen.length;
    for (const url of [
      "https://github.com/acme/docs.git",
      "https://github.com/ACME/Docs.git",
      "https://github.com/tools-org/anything.git",
    ]) {
      expect(
        await resolveCloneAuth(
          { url, private: true },
          { clerkUserId: "user_with_github" },
          operator,
        ),
      ).toMatchObject({ password: "ghp_operator", source: "operator" });
    }
    expect(seen.length).toBe(count); // the operator's repositories need no user token
    for (const url of [
      "https://github.com/acme/docs-private.git",
      "https://github.com/acme2/docs.git",
    ]) {
      expect(
        await resolveCloneAuth({ url, private: true }, { clerkUserId: "user_without" }, operator),
      ).toBeUndefined();
    }
    // Anyone else's repository still gets its owner's own token, not the operator's.
    expect(
      await resolveCloneAuth(github, { clerkUserId: "user_with_github" }, operator),
    ).toMatchObject({ password: "gho_fromclerk", source: "clerk" });
  });

  it("offers a token only to exactly https://github.com/<owner>/<name>.git", async () => {
    const count = seen.length;
    const everything = {
      ...config(),
      githubToken: "ghp_x",
      githubTokenRepos: ["o/*"],
    };
    for (const url of [
      "https://gitlab.example/o/r.git",
      "https://github.com/o/r",
      "http://github.com/o/r.git",
      "https://github.com:8443/o/r.git",
      "https://github.com.evil.example/o/r.git",
      "https://github.com/o/r/extra.git",
      "http://127.0.0.1:1/o/r.git",
    ]) {
      expect(
        await resolveCloneAuth(
          { url, private: true },
          { clerkUserId: "user_with_github" },
          everything,
        ),
      ).toBeUndefined();
    }
    expect(seen.length).toBe(count); // Clerk was not even asked
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
