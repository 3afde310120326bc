/** Where sign-in returns to (lib/redirect.ts): only a path of this site, never elsewhere. */
import { describe, expect, test } from "vitest";
import { afterSignIn, safeRedirect, signInHref } from "@/lib/redirect.ts";

describe("safeRedirect", () => {
  test("keeps a path of this site with its query and hash", () => {
    expect(safeRedirect("/courses/abc/the-queue?share=AbCdEfGhIjKlMnOpQrStUv#how")).toBe(
      "/courses/abc/the-queue?share=AbCdEfGhIjKlMnOpQrStUv#how",
    );
    expect(safeRedirect("/jobs/k1")).toBe("/jobs/k1");
  });

  test.each([
    ["an absolute URL", "https://evil.example/x"],
    ["a protocol-relative URL", "//evil.example/x"],
    ["a backslash the browser reads as //", "/\\evil.example"],
    ["a backslash later on", "/courses\\..\\x"],
    ["a javascript: URL", "javascript:alert(1)"],
    ["a relative path", "courses/x"],
    ["a tab that browsers strip", "/\t/evil.example"],
    ["a newline", "/x\n/y"],
    ["an empty value", ""],
    ["the sign-in page itself", "/sign-in?redirect_url=/x"],
    ["an absurdly long value", `/${"a".repeat(3000)}`],
  ])("refuses %s", (_what, value) => {
    expect(safeRedirect(value)).toBeNull();
  });

  test("normalises dot segments without leaving the site", () => {
    expect(safeRedirect("/a/../../b")).toBe("/b");
  });
});

describe("afterSignIn and signInHref", () => {
  test("fall back to the dashboard and a bare sign-in link", () => {
    expect(afterSignIn(null)).toBe("/dashboard");
    expect(afterSignIn("//evil.example")).toBe("/dashboard");
    expect(afterSignIn("/search")).toBe("/search");
    expect(signInHref("/")).toBe("/sign-in");
    expect(signInHref("https://evil.example")).toBe("/sign-in");
  });

  test("a protected page's sign-in link asks to come back to it", () => {
    const link = signInHref("/courses/c1/x?share=k#h");
    expect(link).toBe(`/sign-in?redirect_url=${encodeURIComponent("/courses/c1/x?share=k#h")}`);
    const back = new URL(link, "http://localhost").searchParams.get("redirect_url");
    expect(afterSignIn(back)).toBe("/courses/c1/x?share=k#h");
  });
});
