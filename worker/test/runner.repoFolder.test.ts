import { describe, expect, it } from "vitest";
import { repoFolderName } from "../src/runner/attemptSteps.ts";

describe("repoFolderName", () => {
  it.each([
    ["acme/widgets", "widgets"],
    ["https://gitlab.example.org/group/project.git", "project"],
    ["../../etc/passwd", "passwd"],
    ["..", "repository"],
    ["we ird/na me!", "na-me-"],
  ])("%j → %j", (input, expected) => {
    expect(repoFolderName(input)).toBe(expected);
  });
});
