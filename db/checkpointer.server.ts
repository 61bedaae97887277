/**
 * Copies the web's committed pages from the write-ahead log into the database file on a thread of
 * its own. Left to itself, SQLite does this inside whichever commit takes the log past
 * `wal_autocheckpoint` (1,000 pages): about one intake request in forty paid for a thousand page
 * writes and an fsync, on the thread that serves every request. A PASSIVE checkpoint takes no
 * write lock, so writers go on meanwhile; pages written again and again (the newest end of each
 * index, the running totals) are copied once per pass rather than once per commit. The web
 * connection keeps an automatic checkpoint at a larger size as a backstop, should the thread fall
 * behind or stop.
 */
import { createRequire } from "node:module";
import { Worker } from "node:worker_threads";

/** How often the thread checkpoints. */
const CHECKPOINT_EVERY_MS = 200;
/** The web connection's own automatic checkpoint, a backstop: 10,000 pages (40 MB of log). */
export const WEB_AUTOCHECKPOINT_PAGES = 10_000;

/** What `PRAGMA wal_checkpoint` answers: busy (0/1), frames in the log, frames copied. */
export type CheckpointResult = { busy: number; log: number; checkpointed: number };

// Plain CommonJS evaluated by the worker: no file to resolve inside the server's bundle.
const WORKER_SOURCE = `
const { parentPort, workerData } = require("node:worker_threads");
const Database = require(workerData.driver);
const db = new Database(workerData.path);
db.pragma("busy_timeout = 0");
const timer = setInterval(() => {
  try {
    parentPort.postMessage(db.pragma("wal_checkpoint(PASSIVE)")[0]);
  } catch {
    // Busy with another process's checkpoint: the next pass tries again.
  }
}, workerData.everyMs);
parentPort.on("message", () => {
  clearInterval(timer);
  db.close();
  parentPort.close();
});
`;

export type Checkpointer = { stop(): Promise<void> };

/** Starts checkpointing the database at `path` every `everyMs` on a thread of its own. */
export function startCheckpointer(
  path: string,
  options: { everyMs?: number; onCheckpoint?: (result: CheckpointResult) => void } = {},
): Checkpointer {
  const driver = createRequire(import.meta.url).resolve("better-sqlite3");
  const worker = new Worker(WORKER_SOURCE, {
    eval: true,
    workerData: { path, driver, everyMs: options.everyMs ?? CHECKPOINT_EVERY_MS },
  });
  // The thread never keeps the process alive on its own.
  worker.unref();
  worker.on("message", (result: CheckpointResult) => options.onCheckpoint?.(result));
  worker.on("error", (error) => console.error(`checkpoint thread stopped: ${error.message}`));
  return {
    stop: () =>
      new Promise<void>((resolve) => {
        worker.once("exit", () => resolve());
        worker.postMessage("stop");
        // A thread that does not close by itself in a second is ended.
        setTimeout(() => void worker.terminate(), 1_000).unref();
      }),
  };
}
