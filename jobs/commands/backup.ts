import { randomBytes } from "node:crypto";
import { existsSync, linkSync, renameSync, rmSync, statSync } from "node:fs";
import { basename, dirname, join, resolve } from "node:path";
import type Database from "better-sqlite3";
import { UsageError } from "../usage-error";

/**
 * A consistent copy of the live database while the server goes on writing.
 *
 * SQLite's online backup API copies page by page and starts again whenever another connection
 * writes, so under steady writes (10 a second is enough) it never finishes. `VACUUM INTO` instead
 * writes the whole database as one read transaction sees it: a single snapshot, however much is
 * written meanwhile (WAL mode lets writers go on), and a compact file.
 *
 * The copy is written to a temporary file beside the target and then moved into place, so the
 * target is never a half-written file, even if the process dies. An existing target is refused
 * (a typo must not overwrite yesterday's backup) unless `overwrite` is set, and then it is
 * replaced in one rename: readers see the old copy or the new one, never a mix.
 */
export function backupDatabase(
  sqlite: Database.Database,
  livePath: string,
  target: string,
  options: { overwrite: boolean },
): { bytes: number } {
  const resolved = resolve(target);
  if (livePath !== ":memory:" && resolve(livePath) === resolved)
    throw new UsageError("the backup file must differ from the database");
  if (!existsSync(dirname(resolved)))
    throw new UsageError(`cannot write ${target}: the folder ${dirname(target)} does not exist`);
  if (!options.overwrite && existsSync(resolved)) {
    throw new UsageError(`${target} already exists; choose a new file name, or add --overwrite to replace it`);
  }
  const temporary = join(dirname(resolved), `.${basename(resolved)}.${process.pid}.${randomBytes(4).toString("hex")}.tmp`);
  try {
    sqlite.prepare("VACUUM INTO ?").run(temporary);
    if (options.overwrite) {
      renameSync(temporary, resolved);
    } else {
      moveIntoPlace(temporary, resolved, target);
    }
  } finally {
    rmSync(temporary, { force: true });
  }
  return { bytes: statSync(resolved).size };
}

/** Moves the finished copy to the target without replacing a file that appeared meanwhile. */
function moveIntoPlace(temporary: string, resolved: string, target: string) {
  try {
    // A hard link fails if the target exists, where a rename would silently replace it.
    linkSync(temporary, resolved);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === "EEXIST")
      throw new UsageError(`${target} already exists; choose a new file name, or add --overwrite to replace it`);
    // A file system without hard links: the existence check above is the guard.
    if (code === "EPERM" || code === "ENOTSUP" || code === "EOPNOTSUPP" || code === "ENOSYS") {
      renameSync(temporary, resolved);
      return;
    }
    throw error;
  }
}
