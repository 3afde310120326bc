"use server";
import { auth, clerkClient } from "@clerk/nextjs/server";
/**
 * GitHub sync, on the server: the user's GitHub OAuth token comes from Clerk's backend and
 * goes straight to the Convex action `repositories.syncFromGithub`, which uses it once.
 * The token is never stored, logged, or sent to the browser.
 */
import { api } from "@convex/_generated/api";
import { ConvexHttpClient } from "convex/browser";
import { ConvexError } from "convex/values";
import { convexUrl, resolveAuthConfig } from "@/lib/authConfig.ts";

export type SyncResult =
  | { ok: true; fetched: number; added: number; updated: number; skipped: number }
  | { ok: false; error: string };

export async function syncGithubRepositories(): Promise<SyncResult> {
  if (resolveAuthConfig(process.env).mode !== "clerk") {
    return {
      ok: false,
      error:
        "GitHub sync needs sign-in with GitHub (Clerk). In local mode, add repositories by URL.",
    };
  }
  const url = convexUrl(process.env);
  if (!url) return { ok: false, error: "No Convex deployment is configured (CONVEX_URL)." };
  const { userId, getToken } = await auth();
  if (!userId) return { ok: false, error: "You are signed out. Sign in again." };

  let githubToken: string | undefined;
  try {
    const tokens = await (await clerkClient()).users.getUserOauthAccessToken(userId, "github");
    githubToken = tokens.data[0]?.token;
  } catch {
    return {
      ok: false,
      error: "Could not get your GitHub access from the sign-in service. Try again.",
    };
  }
  if (!githubToken) {
    return {
      ok: false,
      error: "Your account has no GitHub connection. Sign out and sign in again with GitHub.",
    };
  }
  const convexToken = await getToken({ template: "convex" });
  if (!convexToken) return { ok: false, error: "You are signed out. Sign in again." };

  const client = new ConvexHttpClient(url);
  client.setAuth(convexToken);
  try {
    const result = await client.action(api.repositories.syncFromGithub, { token: githubToken });
    return { ok: true, ...result };
  } catch (error) {
    // Only the error's human message crosses back to the browser, never the token.
    if (error instanceof ConvexError && typeof error.data === "object" && error.data) {
      const message = (error.data as { message?: unknown }).message;
      if (typeof message === "string") return { ok: false, error: message };
    }
    return { ok: false, error: "The sync failed on the server. Try again in a moment." };
  }
}
