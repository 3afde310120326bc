import { makeFunctionReference } from "convex/server";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { startTarget, type Target } from "./target.ts";

// Argument validation errors worded as the real backend's ArgumentValidationError. The
// real backend adds a request id before and "Called by client" after, so the tests look for
// the body.

const typed = makeFunctionReference<"mutation">("validation:typed");
const storeString = makeFunctionReference<"mutation">("limits:storeString");

const VALIDATOR =
  'v.object({count: v.optional(v.float64()), item: v.optional(v.id("items")), kind: v.optional(v.union(v.literal("a"), v.literal("b"))), name: v.string(), tags: v.optional(v.array(v.string()))})';

describe("argument validation", () => {
  let target: Target;
  beforeAll(async () => {
    target = await startTarget();
  });
  afterAll(async () => {
    await target?.stop();
  });

  const refusal = async (args: Record<string, unknown>) => {
    const error = await target
      .client()
      .mutation(typed, args)
      .then(
        () => null,
        (e: Error) => e,
      );
    expect(error).toBeInstanceOf(Error);
    return (error as Error).message;
  };

  test("accepts matching arguments", async () => {
    expect(
      await target.client().mutation(typed, { name: "x", count: 2, tags: ["a"], kind: "b" }),
    ).toBe("ok");
  });

  test("a value of the wrong type names its path, the value and the validator", async () => {
    expect(await refusal({ name: 5 })).toContain(
      "ArgumentValidationError: Value does not match validator.\nPath: .name\nValue: 5.0\nValidator: v.string()",
    );
    expect(await refusal({ name: "x", tags: ["a", 3] })).toContain(
      "ArgumentValidationError: Value does not match validator.\nPath: .tags[1]\nValue: 3.0\nValidator: v.string()",
    );
    expect(await refusal({ name: "x", kind: "c" })).toContain(
      'ArgumentValidationError: Value does not match validator.\nPath: .kind\nValue: "c"\nValidator: v.union(v.literal("a"), v.literal("b"))',
    );
  });

  test("a missing field and an extra field", async () => {
    expect(await refusal({})).toContain(
      `ArgumentValidationError: Object is missing the required field \`name\`. Consider wrapping the field validator in \`v.optional(...)\` if this is expected.\n\nObject: {}\nValidator: ${VALIDATOR}`,
    );
    expect(await refusal({ name: "x", extra: true })).toContain(
      `ArgumentValidationError: Object contains extra field \`extra\` that is not in the validator.\n\nObject: {extra: true, name: "x"}\nValidator: ${VALIDATOR}`,
    );
  });

  test("an id of another table", async () => {
    const blob = await target.client().mutation(storeString, { chars: 1 });
    expect(await refusal({ name: "x", item: blob })).toContain(
      `ArgumentValidationError: Found ID "${blob}" from table \`blobs\`, which does not match the table name in validator \`v.id("items")\`.Path: .item`,
    );
  });
});
