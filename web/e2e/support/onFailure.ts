/**
 * Setup file of the web-e2e project: when a browser test fails, prints what the stack's
 * workers were doing (state, last log lines, stderr). A job that never leaves "queued" on a
 * busy CI machine is otherwise only a locator timeout.
 */
import { beforeEach } from "vitest";
import { describeWorkers } from "../../../worker/test/support/e2e.ts";
import { liveWorkers } from "./stack.ts";

beforeEach(({ onTestFailed }) => {
  onTestFailed(() => {
    console.error(
      `web-e2e: the stack's workers at the failure:\n${describeWorkers([...liveWorkers])}`,
    );
  });
});
