/**
 * One child process of the local stack: spawned in its own process group (so a terminal's
 * Ctrl-C reaches only the orchestrator, which then stops the services in order), its output
 * handed on line by line, its exit awaited, and a stop that ends the whole group.
 * Used by the orchestrator (start.ts) and the browser tests' stack (web/e2e/support).
 */
import { type ChildProcess, spawn } from "node:child_process";
import { createInterface } from "node:readline";

export interface ServiceExit {
  code: number | null;
  signal: NodeJS.Signals | null;
}

export interface Service {
  name: string;
  child: ChildProcess;
  pid: number;
  exited: Promise<ServiceExit>;
  running(): boolean;
  /** The last lines of output, for error messages. */
  tail(): string;
  /** SIGTERM to the leader, SIGKILL to the whole group after graceMs or once the leader is gone. */
  stop(graceMs?: number): Promise<ServiceExit>;
}

export interface ServiceOptions {
  cwd?: string;
  env: Record<string, string | undefined>;
  /** Each line of stdout/stderr as it comes. */
  onLine?: (line: string, stream: "stdout" | "stderr") => void;
  /** Own process group (default true): the group is ended on stop. */
  detached?: boolean;
}

/** True while any process of the group led by pid is alive. */
export function groupAlive(pid: number): boolean {
  try {
    process.kill(-pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === "EPERM";
  }
}

function killGroup(pid: number, signal: NodeJS.Signals): void {
  try {
    process.kill(-pid, signal);
  } catch {
    // the group is already gone
  }
}

export function startService(
  name: string,
  command: string,
  args: readonly string[],
  options: ServiceOptions,
): Service {
  const detached = options.detached ?? true;
  const child = spawn(command, args, {
    cwd: options.cwd,
    env: options.env,
    stdio: ["ignore", "pipe", "pipe"],
    detached,
  });
  if (child.pid === undefined) throw new Error(`${name}: could not start ${command}`);
  const pid = child.pid;
  let tail: string[] = [];
  for (const stream of ["stdout", "stderr"] as const) {
    createInterface({ input: child[stream] }).on("line", (line) => {
      tail = [...tail.slice(-59), line];
      options.onLine?.(line, stream);
    });
  }
  const exited = new Promise<ServiceExit>((resolve) =>
    child.once("exit", (code, signal) => resolve({ code, signal })),
  );
  const running = () => child.exitCode === null && child.signalCode === null;
  const ending = (ms: number) =>
    Promise.race([exited.then(() => true), new Promise((r) => setTimeout(() => r(false), ms))]);

  return {
    name,
    child,
    pid,
    exited,
    running,
    tail: () => tail.join("\n"),
    async stop(graceMs = 5_000) {
      if (running()) child.kill("SIGTERM");
      if (!(await ending(graceMs))) child.kill("SIGKILL");
      const result = await exited;
      // Whatever the leader left behind in its group (a CLI run, a build worker) ends too.
      if (detached && groupAlive(pid)) {
        killGroup(pid, "SIGKILL");
        const deadline = Date.now() + 2_000;
        while (groupAlive(pid) && Date.now() < deadline)
          await new Promise((r) => setTimeout(r, 20));
      }
      return result;
    },
  };
}

/** For process exit paths that cannot wait: SIGKILL every group still alive. */
export function killNow(services: readonly Service[]): void {
  for (const service of services) {
    if (service.running()) service.child.kill("SIGKILL");
    killGroup(service.pid, "SIGKILL");
  }
}
