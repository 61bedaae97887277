/**
 * The import rules between the top-level folders that no type checker enforces: the web process
 * reaches the jobs only through jobs/index.ts, the factories never through a model, and the jobs
 * touch tables only through the models.
 */
import { readdirSync, readFileSync } from "node:fs";
import { dirname, join, relative, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";

const ROOT = fileURLToPath(new URL("..", import.meta.url));

function sourceFiles(dir: string): string[] {
  return readdirSync(join(ROOT, dir), { withFileTypes: true, recursive: true })
    .filter((entry) => entry.isFile() && /\.tsx?$/.test(entry.name) && !/\.test\.tsx?$/.test(entry.name))
    .map((entry) => relative(ROOT, join(entry.parentPath, entry.name)));
}

function importsOf(file: string): string[] {
  const text = readFileSync(join(ROOT, file), "utf8");
  return [...text.matchAll(/^\s*(?:import|export)\b[^;]*?\bfrom\s+"([^"]+)"/gms)].map((match) => match[1]!);
}

describe("boundaries", () => {
  it("app/ imports the jobs only through their entry point, jobs/index.ts", () => {
    const reaching = sourceFiles("app").flatMap((file) =>
      importsOf(file)
        .filter((path) => path.startsWith("."))
        .map((path) => relative(ROOT, resolve(ROOT, dirname(file), path)))
        .filter((target) => target.startsWith("jobs/") && target !== "jobs/index")
        .map((target) => `${file}: ${target}`),
    );
    expect(reaching).toEqual([]);
  });

  it("the factories import no model", () => {
    expect(importsOf("db/factories.ts").filter((path) => path.includes("/models/"))).toEqual([]);
  });

  it("the jobs read and write tables only through the models", () => {
    const direct = sourceFiles("jobs").flatMap((file) =>
      importsOf(file)
        .filter((path) => path === "~db/schema" || path === "drizzle-orm" || path.startsWith("drizzle-orm/"))
        .map((path) => `${file}: ${path}`),
    );
    // The command line takes the role names for its argument check from the schema; no table.
    expect(direct).toEqual(["jobs/cli.ts: ~db/schema"]);
  });
});
