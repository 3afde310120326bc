import { makeFunctionReference } from "convex/server";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { startTarget, type Target } from "./target.ts";

// File storage as https://docs.convex.dev/file-storage/upload-files describes it: an upload
// URL from ctx.storage.generateUploadUrl(), a POST of the file answering { storageId }, and
// ctx.storage.getUrl() serving it back — all on the backend the client talks to.

const uploadUrl = makeFunctionReference<"mutation">("files:uploadUrl");
const fileUrl = makeFunctionReference<"query">("files:fileUrl");
const metadata = makeFunctionReference<"query">("files:metadata");

describe("file storage", () => {
  let target: Target;
  beforeAll(async () => {
    target = await startTarget();
  });
  afterAll(async () => {
    await target?.stop();
  });

  test("uploads a file to the upload URL and serves it from getUrl", async () => {
    const client = target.client();
    const url = (await client.mutation(uploadUrl, {})) as string;
    if (target.local) expect(new URL(url).origin).toBe(new URL(target.url).origin);
    const upload = await fetch(url, {
      method: "POST",
      headers: { "Content-Type": "text/plain" },
      body: "hello file",
    });
    expect(upload.status).toBe(200);
    const { storageId } = (await upload.json()) as { storageId: string };
    expect(await client.query(metadata, { id: storageId })).toMatchObject({
      size: 10,
      contentType: "text/plain",
    });
    const served = (await client.query(fileUrl, { id: storageId })) as string;
    const file = await fetch(served);
    expect(file.status).toBe(200);
    expect(file.headers.get("content-type")).toContain("text/plain");
    expect(await file.text()).toBe("hello file");
  });

  test("refuses an upload without a URL it handed out", async () => {
    const refused = await fetch(`${target.url}/api/storage/upload?token=made-up`, {
      method: "POST",
      body: "x",
    });
    expect(refused.ok).toBe(false);
  });
});
