/**
 * A small inquiry log with every SPEC §3 response figure worked out by hand, shared by the
 * response report, SLA job and `report response` tests.
 *
 * Team calendar: the default, Monday–Friday 09:00–18:00 Asia/Shanghai (UTC+8, no DST); threshold
 * 30 s; business SLA 60 business minutes. Days: Saturday 2025-03-01 and Monday 2025-03-03.
 * Users a@team.example and b@team.example; channels alibaba and website. Figures as of
 * FIXTURE_NOW, Wednesday 2025-03-05 12:00 +08:00, when every rule is settled.
 *
 *  id   channel  assignee  received (+08:00)  first response         FRT (s)     in hours  30 s  24 h  SLA
 *  M-1  alibaba  a         Mon 10:00:00.000   Mon 10:00:10.000            10.000  yes       hit   hit   –
 *  M-2  alibaba  b         Mon 10:05:00.000   Mon 10:05:30.000            30.000  yes       hit   hit   –     (exactly 30 s hits)
 *  M-3  website  a         Mon 11:00:00.000   Mon 11:00:30.001            30.001  yes       miss  hit   –
 *  M-4  website  b         Mon 14:00:00.000   Mon 14:02:00.000           120.000  yes       miss  hit   –
 *  M-5  alibaba  a         Mon 15:00:00.000   —                                —  yes       miss  miss  –     (unanswered, old)
 *  M-6  alibaba  b         Mon 16:00:00.000   Mon 16:00:05.000 (spam)          —  (spam: counted nowhere)
 *  M-7  website  b         Mon 10:30:00.000   Tue 11:30:00.000         90000.000  yes       miss  miss  –     (25 h)
 *  S-1  alibaba  a         Sat 15:00:00.000   Mon 09:45:00.000        153900.000  no        –     miss  hit   (45 business min)
 *  S-2  website  b         Sat 16:00:00.000   Mon 10:30:00.000        153000.000  no        –     miss  miss  (90 business min)
 *  S-3  alibaba  b         Sat 20:00:00.000   Sat 21:00:00.000          3600.000  no        –     hit   hit   (0 business min)
 *  S-4  website  —         Sat 22:00:00.000   —                                —  no        –     miss  miss  (budget ran out Mon 10:00)
 *
 * The period 2025-03-01 … 2025-03-03, all inquiries:
 *   counted          = 11 − 1 spam                                        = 10
 *   inHoursCounted   = M-1, M-2, M-3, M-4, M-5, M-7                       = 6
 *   thirtySecondRate = hits M-1, M-2 / 6 (none pending)                   = 2/6
 *   within24hRate    = hits M-1, M-2, M-3, M-4, S-3 / 10 (none pending)   = 5/10
 *   answered FRTs (ms, sorted) = 10 000, 30 000, 30 001, 120 000, 3 600 000, 90 000 000,
 *                                153 000 000, 153 900 000                 (n = 8, spam M-6 left out)
 *   avgFrtSeconds    = 400 690 001 ms / 8 / 1000                          = 50 086.250125
 *   medianFrtSeconds = (120 000 + 3 600 000) / 2 ms                       = 1 860
 *   p90FrtSeconds    = rank ⌈0.9 × 8⌉ = 8                                 = 153 900
 *   slaHit           = S-1, S-3                                           = 2
 *   slaMissed        = S-2, S-4                                           = 2
 * a@team.example (M-1, M-3, M-5, S-1):
 *   counted 4; in hours 3 (M-1, M-3, M-5); 30 s 1/3 (M-1); 24 h 2/4 (M-1, M-3);
 *   FRTs 10 000, 30 001, 153 900 000 → avg 153 940 001 / 3 / 1000 = 51 313.333667 (rounded),
 *   median rank 2 = 30.001, p90 rank ⌈2.7⌉ = 3 → 153 900; SLA hit 1 (S-1), missed 0
 * b@team.example (M-2, M-4, M-6 spam, M-7, S-2, S-3):
 *   counted 5; in hours 3 (M-2, M-4, M-7); 30 s 1/3 (M-2); 24 h 3/5 (M-2, M-4, S-3);
 *   FRTs 30 000, 120 000, 3 600 000, 90 000 000, 153 000 000 → avg 246 750 000 / 5 / 1000 = 49 350,
 *   median rank 3 = 3 600, p90 rank ⌈4.5⌉ = 5 → 153 000; SLA hit 1 (S-3), missed 1 (S-2)
 * unassigned (S-4):
 *   counted 1; in hours 0; 30 s null (0/0); 24 h 0/1; no answer → avg, median, p90 null;
 *   SLA hit 0, missed 1
 * alibaba (M-1, M-2, M-5, M-6 spam, S-1, S-3):
 *   counted 5; in hours 3 (M-1, M-2, M-5); 30 s 2/3; 24 h 3/5 (M-1, M-2, S-3);
 *   FRTs 10 000, 30 000, 3 600 000, 153 900 000 → avg 157 540 000 / 4 / 1000 = 39 385,
 *   median (30 000 + 3 600 000) / 2 = 1 815, p90 rank ⌈3.6⌉ = 4 → 153 900; SLA hit 2, missed 0
 * website (M-3, M-4, M-7, S-2, S-4):
 *   counted 5; in hours 3 (M-3, M-4, M-7); 30 s 0/3; 24 h 2/5 (M-3, M-4);
 *   FRTs 30 001, 120 000, 90 000 000, 153 000 000 → avg 243 150 001 / 4 / 1000 = 60 787.50025,
 *   median (120 000 + 90 000 000) / 2 = 45 060, p90 rank 4 → 153 000; SLA hit 0, missed 2
 * Cross-checks: counted 4 + 5 + 1 = 5 + 5 = 10; 30 s hits 1 + 1 = 2 + 0; 24 h hits 2 + 3 + 0 = 3 + 2;
 * SLA hit 1 + 1 + 0 = 2 + 0, missed 0 + 1 + 1 = 0 + 2.
 */
import type { DB } from "~db/client.server";
import { insertUser } from "~db/factories";
import type { ResponseReport } from "~/models/response-report.server";

export const FIXTURE_FROM = "2025-03-01";
export const FIXTURE_TO = "2025-03-03";
/** When the log is imported, and the instant the figures below are as of. */
export const FIXTURE_IMPORTED_AT = new Date("2025-03-05T10:00:00.000+08:00");
export const FIXTURE_NOW = new Date("2025-03-05T12:00:00.000+08:00");

export const FIXTURE_CSV = [
  "external_id,channel,received_at,first_response_at,customer_external_id,subject,message,assignee_email,status",
  "M-1,alibaba,2025-03-03T10:00:00.000+08:00,2025-03-03T10:00:10.000+08:00,,Hinges 2000 pcs,,a@team.example,",
  "M-2,alibaba,2025-03-03T10:05:00.000+08:00,2025-03-03T10:05:30.000+08:00,,Door locks,,b@team.example,",
  "M-3,website,2025-03-03T11:00:00.000+08:00,2025-03-03T11:00:30.001+08:00,,Drawer slides,,a@team.example,",
  "M-4,website,2025-03-03T14:00:00.000+08:00,2025-03-03T14:02:00.000+08:00,,Gate hinges,,b@team.example,",
  "M-5,alibaba,2025-03-03T15:00:00.000+08:00,,,Padlocks,,a@team.example,",
  "M-6,alibaba,2025-03-03T16:00:00.000+08:00,2025-03-03T16:00:05.000+08:00,,Cheap watches!!!,,b@team.example,spam",
  "M-7,website,2025-03-03T10:30:00.000+08:00,2025-03-04T11:30:00.000+08:00,,Boat cleats,,b@team.example,",
  "S-1,alibaba,2025-03-01T15:00:00.000+08:00,2025-03-03T09:45:00.000+08:00,,Cabinet handles,,a@team.example,",
  "S-2,website,2025-03-01T16:00:00.000+08:00,2025-03-03T10:30:00.000+08:00,,Glass clamps,,b@team.example,",
  "S-3,alibaba,2025-03-01T20:00:00.000+08:00,2025-03-01T21:00:00.000+08:00,,Shelf brackets,,b@team.example,",
  "S-4,website,2025-03-01T22:00:00.000+08:00,,,Wedge anchors,,,",
].join("\n");

export function insertFixtureUsers(db: DB) {
  return {
    a: insertUser(db, { email: "a@team.example", name: "Ana", role: "service", passwordHash: "x" }),
    b: insertUser(db, { email: "b@team.example", name: "Bo", role: "service", passwordHash: "x" }),
  };
}

/** The report for FIXTURE_FROM … FIXTURE_TO, worked out by hand above. */
export const FIXTURE_REPORT: ResponseReport = {
  from: FIXTURE_FROM,
  to: FIXTURE_TO,
  counted: 10,
  inHoursCounted: 6,
  thirtySecondRate: 2 / 6,
  within24hRate: 5 / 10,
  avgFrtSeconds: 400_690_001 / 8 / 1000,
  medianFrtSeconds: 1860,
  p90FrtSeconds: 153_900,
  slaHit: 2,
  slaMissed: 2,
  byAssignee: [
    {
      email: "a@team.example",
      counted: 4,
      inHoursCounted: 3,
      thirtySecondRate: 1 / 3,
      within24hRate: 2 / 4,
      avgFrtSeconds: 153_940_001 / 3 / 1000,
      medianFrtSeconds: 30.001,
      p90FrtSeconds: 153_900,
      slaHit: 1,
      slaMissed: 0,
    },
    {
      email: "b@team.example",
      counted: 5,
      inHoursCounted: 3,
      thirtySecondRate: 1 / 3,
      within24hRate: 3 / 5,
      avgFrtSeconds: 49_350,
      medianFrtSeconds: 3600,
      p90FrtSeconds: 153_000,
      slaHit: 1,
      slaMissed: 1,
    },
    {
      email: null,
      counted: 1,
      inHoursCounted: 0,
      thirtySecondRate: null,
      within24hRate: 0,
      avgFrtSeconds: null,
      medianFrtSeconds: null,
      p90FrtSeconds: null,
      slaHit: 0,
      slaMissed: 1,
    },
  ],
  byChannel: [
    {
      channel: "alibaba",
      counted: 5,
      inHoursCounted: 3,
      thirtySecondRate: 2 / 3,
      within24hRate: 3 / 5,
      avgFrtSeconds: 39_385,
      medianFrtSeconds: 1815,
      p90FrtSeconds: 153_900,
      slaHit: 2,
      slaMissed: 0,
    },
    {
      channel: "website",
      counted: 5,
      inHoursCounted: 3,
      thirtySecondRate: 0,
      within24hRate: 2 / 5,
      avgFrtSeconds: 243_150_001 / 4 / 1000,
      medianFrtSeconds: 45_060,
      p90FrtSeconds: 153_000,
      slaHit: 0,
      slaMissed: 2,
    },
  ],
};
