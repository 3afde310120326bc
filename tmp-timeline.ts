import { startE2E } from "./worker/test/support/e2e.ts";
const e2e = await startE2E();
e2e.git.createRepo("a1", { "a.ts": "x\n" });
e2e.git.createRepo("a2", { "a.ts": "y\n" });
const w = e2e.startWorker({ id: "t", cliPath: e2e.fakeCli("happy"), env: { LOG_LEVEL: "debug" } });
await w.waitLog((l) => l.connected === true);
for (const r of ["a1", "a2"]) {
  const id = await e2e.request(e2e.git.url(r));
  await e2e.waitJob(id, (j) => j.status === "succeeded", 60000);
}
let t0 = 0;
for (const l of w.logs) { const t = Number(l.time ?? 0); if (!t0 && l.msg === "job claimed") t0 = t; if (t0) console.log(t - t0, l.msg, l.jobId ? "" : "", l.convex ? "" : ""); }
await e2e.close();
