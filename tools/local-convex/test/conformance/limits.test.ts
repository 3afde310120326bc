import { makeFunctionReference } from "convex/server";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import {
  MAX_CHAPTER_PART_CHARS,
  MAX_CHECKPOINT_PART_CHARS,
} from "../../../../shared/src/limits.ts";
import { MAX_SOURCE_PART_CHARS } from "../../../../shared/src/sources.ts";
import { startTarget, type Target } from "./target.ts";

// Documented limits (https://docs.convex.dev/production/state/limits), with the real
// backend's error wording, through the real client.

const fn = {
  store: makeFunctionReference<"mutation">("limits:store"),
  storeString: makeFunctionReference<"mutation">("limits:storeString"),
  storeArray: makeFunctionReference<"mutation">("limits:storeArray"),
  storeFields: makeFunctionReference<"mutation">("limits:storeFields"),
  grow: makeFunctionReference<"mutation">("limits:grow"),
  catchTooLarge: makeFunctionReference<"mutation">("limits:catchTooLarge"),
  echo: makeFunctionReference<"query">("limits:echo"),
  bigResult: makeFunctionReference<"query">("limits:bigResult"),
};

/** `depth` arrays inside each other, around a number. */
function nested(depth: number): unknown {
  let value: unknown = 1;
  for (let i = 0; i < depth; i++) value = [value];
  return value;
}

describe("limits", () => {
  let target: Target;
  beforeAll(async () => {
    target = await startTarget();
  });
  afterAll(async () => {
    await target?.stop();
  });

  test("a 1.1 MB document is refused; one just under 1 MiB is stored", async () => {
    const client = target.client();
    await expect(client.mutation(fn.storeString, { chars: 1_100_000 })).rejects.toThrow(
      /Uncaught Error: Value is too large \(1\.05 MiB > maximum size 1 MiB\)/,
    );
    expect(await client.mutation(fn.storeString, { chars: 1_000_000 })).toEqual(expect.any(String));
  });

  test("a patch that makes a document too large is refused", async () => {
    const client = target.client();
    const id = await client.mutation(fn.storeString, { chars: 10 });
    await expect(client.mutation(fn.grow, { id, chars: 1_048_576 })).rejects.toThrow(
      /Value is too large \(1 MiB > maximum size 1 MiB\)|Value is too large \([\d.]+ MiB/,
    );
  });

  test("the error is thrown inside the function, which can catch it", async () => {
    const caught = await target.client().mutation(fn.catchTooLarge, {});
    expect(caught).toMatch(/^caught: .*Value is too large \(1\.05 MiB > maximum size 1 MiB\)/);
  });

  test("documents nest at most 16 levels", async () => {
    const client = target.client();
    // The document itself is one level: { data: 15 arrays } is 16 deep.
    expect(await client.mutation(fn.store, { data: nested(15) })).toEqual(expect.any(String));
    await expect(client.mutation(fn.store, { data: nested(16) })).rejects.toThrow(
      /Document is too nested \(nested 17 levels deep > maximum nesting 16\)/,
    );
  });

  test("arrays hold at most 8192 elements and objects 1024 fields", async () => {
    const client = target.client();
    expect(await client.mutation(fn.storeArray, { length: 8192 })).toEqual(expect.any(String));
    await expect(client.mutation(fn.storeArray, { length: 8193 })).rejects.toThrow(
      /Array length is too long \(8193 > maximum length 8192\)/,
    );
    expect(await client.mutation(fn.storeFields, { count: 1024 })).toEqual(expect.any(String));
    await expect(client.mutation(fn.storeFields, { count: 1025 })).rejects.toThrow(
      /Object has too many fields \(1025 > maximum number 1024\)/,
    );
  });

  test("arguments are refused over 16 MiB or past 8192 array elements", async () => {
    const client = target.client();
    await expect(client.query(fn.echo, { value: "x".repeat(17 * 1024 * 1024) })).rejects.toThrow(
      /Arguments for limits\.js:echo are too large \(actual: 17 MiB, limit: 16 MiB\)/,
    );
    const long = Array.from({ length: 8193 }, () => 0);
    await expect(client.query(fn.echo, { value: long })).rejects.toThrow(
      /Invalid arguments for limits\.js:echo: Array length is too long \(8193 > maximum length 8192\)/,
    );
  });

  test("a return value over 16 MiB is refused", async () => {
    await expect(target.client().query(fn.bigResult, { chars: 17 * 1024 * 1024 })).rejects.toThrow(
      /return value is too large \(actual: 17 MiB, limit: 16 MiB\)/,
    );
  });

  test("the product's stored parts fit a document even when every character takes 3 bytes", async () => {
    // Chapter, source and checkpoint parts are split by characters; a UTF-16 unit is at most
    // 3 bytes of UTF-8, the size Convex counts.
    const client = target.client();
    for (const chars of [
      MAX_CHAPTER_PART_CHARS,
      MAX_SOURCE_PART_CHARS,
      MAX_CHECKPOINT_PART_CHARS,
    ]) {
      expect(await client.mutation(fn.store, { data: "語".repeat(chars) })).toEqual(
        expect.any(String),
      );
    }
  });
});
