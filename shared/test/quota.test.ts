import { describe, expect, it } from "vitest";
import {
  MAX_REPOSITORIES_LIMIT,
  nextUtcDay,
  nextUtcMonth,
  parseAllowedModels,
  parseLimit,
  preferredModel,
  utcDay,
  utcMonthStart,
} from "../src/core.ts";

describe("parseLimit", () => {
  it("reads whole counts and decimal dollars; unset or unreadable gives the fallback", () => {
    expect(parseLimit("activeJobs", "3", 2)).toBe(3);
    expect(parseLimit("activeJobs", " 0 ", 2)).toBe(0);
    expect(parseLimit("activeJobs", "2.5", 2)).toBe(2);
    expect(parseLimit("spendPerDay", "2.5", 5)).toBe(2.5);
    expect(parseLimit("jobsPerDay", undefined, 20)).toBe(20);
    expect(parseLimit("jobsPerDay", "", 20)).toBe(20);
    expect(parseLimit("jobsPerDay", "-1", 20)).toBe(20);
    expect(parseLimit("jobsPerDay", "1e9", 20)).toBe(20);
    expect(parseLimit("jobsPerDay", "twenty", 20)).toBe(20);
  });

  it("unlimited, none and off lift a limit; repositories stay within what the dashboard lists", () => {
    expect(parseLimit("spendPerMonth", "unlimited", 50)).toBeNull();
    expect(parseLimit("activeJobs", "OFF", 2)).toBeNull();
    expect(parseLimit("repositories", "none", 100)).toBe(MAX_REPOSITORIES_LIMIT);
    expect(parseLimit("repositories", "5000", 100)).toBe(MAX_REPOSITORIES_LIMIT);
  });
});

describe("parseAllowedModels", () => {
  it("defaults to the default model; all; known ids in table order; never empty", () => {
    expect(parseAllowedModels(undefined)).toEqual(["claude-sonnet-5-5"]);
    expect(parseAllowedModels("all")).toEqual([
      "claude-sonnet-5-5",
      "claude-opus-5-5",
      "claude-haiku-4-5",
    ]);
    expect(parseAllowedModels(" claude-haiku-4-5 ,CLAUDE-OPUS-5-5")).toEqual([
      "claude-opus-5-5",
      "claude-haiku-4-5",
    ]);
    expect(parseAllowedModels("gpt-9,")).toEqual(["claude-sonnet-5-5"]);
    expect(preferredModel(["claude-haiku-4-5"])).toBe("claude-haiku-4-5");
    expect(preferredModel(["claude-haiku-4-5", "claude-sonnet-5-5"])).toBe("claude-sonnet-5-5");
  });
});

describe("UTC windows", () => {
  it("days and months in UTC, across a year end", () => {
    const t = Date.UTC(2031, 11, 31, 23, 59);
    expect(utcDay(t)).toBe("2031-12-31");
    expect(utcMonthStart(t)).toBe("2031-12-01");
    expect(nextUtcDay(t)).toBe(Date.UTC(2032, 0, 1));
    expect(nextUtcMonth(t)).toBe(Date.UTC(2032, 0, 1));
  });
});
