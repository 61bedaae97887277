/** The four scheduled jobs of SPEC §10 by name: what the scheduler, the CLI and the jobs page run. */
import type { JobName } from "~db/enums";
import { clvJob } from "./clv";
import type { JobDefinition } from "./job";
import { remindersJob } from "./reminders";
import { slaJob } from "./sla";
import { tiersJob } from "./tiers";

export const JOB_DEFINITIONS: Record<JobName, JobDefinition> = {
  sla: slaJob,
  tiers: tiersJob,
  reminders: remindersJob,
  clv: clvJob,
};
