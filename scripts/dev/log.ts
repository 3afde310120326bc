/**
 * The orchestrator's terminal output: every service line prefixed with its name; the
 * worker's JSON log lines shortened to level, message and job (the full JSON is for
 * production log collectors, not for a person watching a terminal).
 */
const WIDTH = 7;
const LEVELS: Record<number, string> = { 40: "warn", 50: "error", 60: "fatal" };
const JOB_FIELDS = ["jobId", "attempt", "status", "code", "error", "healthPort"];

export function say(line: string): void {
  process.stdout.write(`${line}\n`);
}

export function prefixed(name: string): (line: string) => void {
  const tag = `${name.padEnd(WIDTH)}|`;
  return (line) => {
    if (line.trim() !== "") say(`${tag} ${line}`);
  };
}

/** `worker | warn message jobId=… attempt=…` from a pino JSON line (other lines unchanged). */
export function formatWorkerLine(line: string): string {
  let entry: Record<string, unknown>;
  try {
    entry = JSON.parse(line);
  } catch {
    return line;
  }
  if (typeof entry !== "object" || entry === null) return line;
  const level = typeof entry.level === "number" ? LEVELS[entry.level] : undefined;
  const parts = [level, typeof entry.msg === "string" ? entry.msg : ""].filter(Boolean);
  for (const field of JOB_FIELDS) {
    const value = entry[field];
    if (value === undefined || value === null) continue;
    const text =
      typeof value === "object"
        ? String((value as { message?: unknown }).message ?? JSON.stringify(value))
        : String(value);
    parts.push(`${field}=${text}`);
  }
  return parts.join(" ");
}
