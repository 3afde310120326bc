/** Scheduled safety nets. Each lease has its own timer; the sweep catches what it missed. */
import { cronJobs } from "convex/server";
import { internal } from "./_generated/api";

const crons = cronJobs();

crons.interval("sweep expired leases", { minutes: 1 }, internal.leases.sweep, {});
crons.interval("sweep expired question leases", { minutes: 1 }, internal.questionLeases.sweep, {});
// The webhook replay guard stays bounded: deliveries older than a week are forgotten.
crons.interval(
  "purge old webhook deliveries",
  { hours: 1 },
  internal.maintenance.purgeWebhookDeliveries,
  {},
);

export default crons;
