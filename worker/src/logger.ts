/**
 * Structured logs with pino: JSON lines in production (Fly collects stdout), readable lines
 * in development (pino-pretty, a devDependency, loaded only when asked for). Job loggers are
 * children carrying jobId and attempt. Secret fields are censored by path, and every
 * message string passes through the redactor so a token inside an error text is removed too.
 */
import { type DestinationStream, type Logger, pino } from "pino";
import { makeRedactor, type Redactor } from "./redact.ts";

export type { Logger };

/** Field paths pino censors wherever they appear in a log object. */
export const REDACT_PATHS = [
  "secret",
  "*.secret",
  "workerSecret",
  "*.workerSecret",
  "token",
  "*.token",
  "githubToken",
  "*.githubToken",
  "accessToken",
  "*.accessToken",
  "apiKey",
  "*.apiKey",
  "anthropicApiKey",
  "*.anthropicApiKey",
  "clerkSecretKey",
  "*.clerkSecretKey",
  "password",
  "*.password",
  "authorization",
  "*.authorization",
  "headers.authorization",
  "*.headers.authorization",
];

export interface LoggerOptions {
  level?: string;
  pretty?: boolean;
  /** Secret values to scrub from messages. */
  secrets?: readonly (string | undefined)[];
  /** Where to write (tests); stdout by default. */
  destination?: DestinationStream;
  base?: Record<string, unknown>;
}

export async function createLogger(options: LoggerOptions = {}): Promise<Logger> {
  const redact = makeRedactor(options.secrets);
  let destination = options.destination;
  if (!destination && options.pretty) {
    destination = await loadPretty();
  }
  return pino(
    {
      level: options.level ?? "info",
      base: options.base ?? { service: "fondation-worker" },
      redact: { paths: REDACT_PATHS, censor: "[redacted]" },
      hooks: {
        logMethod(args, method) {
          method.apply(this, args.map((a) => scrub(a, redact)) as Parameters<typeof method>);
        },
      },
      formatters: {
        // Strings in the logged object (an stderr tail, a URL) are scrubbed too.
        log: (obj) => scrubObject(obj, redact),
      },
      serializers: {
        err: (err: unknown) => serializeError(err, redact),
      },
    },
    destination,
  );
}

/** A child logger for one job attempt: every line carries jobId and attempt. */
export function jobLogger(parent: Logger, jobId: string, attempt: number): Logger {
  return parent.child({ jobId, attempt });
}

function scrub(value: unknown, redact: Redactor): unknown {
  if (typeof value === "string") return redact(value);
  if (value instanceof Error) return { err: serializeError(value, redact) };
  return value;
}

function scrubObject(obj: Record<string, unknown>, redact: Redactor): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(obj)) {
    out[key] = typeof value === "string" ? redact(value) : value;
  }
  return out;
}

function serializeError(err: unknown, redact: Redactor): unknown {
  if (!(err instanceof Error)) return typeof err === "string" ? redact(err) : err;
  const code = (err as { code?: unknown }).code;
  return {
    type: err.name,
    message: redact(err.message),
    ...(code !== undefined ? { code } : {}),
    stack: err.stack ? redact(err.stack) : undefined,
  };
}

async function loadPretty(): Promise<DestinationStream | undefined> {
  try {
    const mod = (await import("pino-pretty")) as unknown as {
      default: (opts: Record<string, unknown>) => DestinationStream;
    };
    return mod.default({ colorize: process.stdout.isTTY, translateTime: "HH:MM:ss.l" });
  } catch {
    return undefined; // production image: pino-pretty is not installed; JSON it is
  }
}
