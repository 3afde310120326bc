/**
 * Line counts of raw bytes (scan/text.ts byteLineStats, what the code map cache checks a
 * reused entry against) agree with the counts of the decoded text, whatever the line ends.
 */
import { describe, expect, it } from "vitest";
import { byteLineStats, lineStats } from "../src/scan/text.ts";

describe("byteLineStats", () => {
  it("counts lines and the longest line as lineStats does on the text", () => {
    const samples = [
      "",
      "\n",
      "a",
      "a\n",
      "a\nbb\n\n",
      "a\r\nbbb\r\n",
      "é\nlonger line here\nz",
      `${"x".repeat(5000)}\n${"y".repeat(10)}`,
      "\n\n\n",
    ];
    for (const text of samples) {
      const bytes = Buffer.from(text, "latin1");
      expect(byteLineStats(bytes), JSON.stringify(text)).toEqual(lineStats(text));
    }
    // A UTF-8 byte order mark is not part of the first line.
    expect(byteLineStats(Buffer.from("\ufeffab\ncd", "utf8"))).toEqual({ lines: 2, longest: 2 });
    expect(byteLineStats(Buffer.from("\ufeff", "utf8"))).toEqual({ lines: 0, longest: 0 });
  });
});
