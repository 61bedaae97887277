import { Link, useFetcher } from "@remix-run/react";
import { useEffect, useId } from "react";
import { useTranslation } from "~/utils/use-translation";
import type { ImportRunView } from "~/models/import-run.server";
import { useFormat } from "~/utils/use-format";
import { ImportProblemTable } from "./import-problem-table";

const POLL_MS = 250;

/** A running import's progress bar, polled until it is done or failed, then what came of it. */
export function ImportRunProgress({ initial }: { initial: ImportRunView }) {
  const { t } = useTranslation();
  const format = useFormat();
  const fetcher = useFetcher<ImportRunView>();
  const run = fetcher.data ?? initial;
  const finished = run.phase === "done" || run.phase === "failed";
  const { load } = fetcher;
  // biome-ignore lint/correctness/useExhaustiveDependencies: each new reading of the run asks for the next one.
  useEffect(() => {
    if (finished || fetcher.state !== "idle") return;
    const timer = setTimeout(() => load(`/import/progress?run=${encodeURIComponent(run.id)}`), POLL_MS);
    return () => clearTimeout(timer);
  }, [finished, fetcher.state, load, run.id, run.checked, run.written, run.phase]);

  const labelId = useId();
  const phaseText = t(`imports.phases.${run.phase}`, {
    checked: format.number(run.checked),
    written: format.number(run.written),
    total: format.number(run.total),
  });
  return (
    <section aria-labelledby="run-title" className="space-y-4">
      <h2 id="run-title" className="text-lg font-semibold">
        {t("imports.progressTitle", { file: run.fileName })}
      </h2>
      <div className="card space-y-2">
        <p id={labelId} className="text-sm text-slate-700">
          {t("imports.progressLabel")} · {t(`imports.kinds.${run.kind}`)}
        </p>
        <div
          role="progressbar"
          aria-labelledby={labelId}
          aria-valuemin={0}
          aria-valuemax={100}
          aria-valuenow={run.percent}
          aria-valuetext={phaseText}
          className="h-3 w-full overflow-hidden rounded-full bg-slate-200"
        >
          <div
            className={`h-full rounded-full transition-all duration-200 ${run.phase === "failed" ? "bg-red-500" : "bg-brand-600"}`}
            style={{ width: `${run.phase === "failed" ? 100 : run.percent}%` }}
          />
        </div>
        <p role="status" aria-live="polite" className="text-sm">
          {phaseText}
        </p>
        {!finished ? (
          <noscript>
            <a href={`/import?run=${encodeURIComponent(run.id)}`} className="btn-secondary">
              {t("imports.refresh")}
            </a>
          </noscript>
        ) : null}
      </div>
      {run.phase === "done" && run.result ? (
        <div className="space-y-3">
          <p className="rounded-md bg-green-50 p-3 text-sm text-green-800">
            {t("imports.doneSummary", {
              rows: format.number(run.result.rows),
              created: format.number(run.result.created),
              updated: format.number(run.result.updated),
              unchanged: format.number(run.result.unchanged),
            })}
          </p>
          <Link to={run.kind === "inquiries" ? "/inquiries" : `/${run.kind}`} className="btn-secondary">
            {t(`imports.open.${run.kind}`)}
          </Link>
        </div>
      ) : null}
      {run.phase === "failed" ? (
        <div className="space-y-3">
          <p role="alert" className="rounded-md bg-red-50 p-3 text-sm text-red-800">
            {run.crashed ? t("imports.crashed") : t("imports.failedProblems")}
          </p>
          {run.problemCount > 0 ? <ImportProblemTable problems={run.problems} count={run.problemCount} /> : null}
        </div>
      ) : null}
      {finished ? (
        <Link to={`/import?kind=${run.kind}`} className="btn-primary">
          {t("imports.another")}
        </Link>
      ) : null}
    </section>
  );
}
