import { useTranslation } from "~/utils/use-translation";
import type { CsvProblem } from "~/utils/csv.server";
import { useFormat } from "~/utils/use-format";

/** A file's problems, row by row, with how many there are in all when only the first are listed. */
export function ImportProblemTable({ problems, count }: { problems: CsvProblem[]; count: number }) {
  const { t } = useTranslation();
  const format = useFormat();
  return (
    <div className="space-y-2">
      <p className="font-medium">{t("imports.problemCount", { count: format.number(count) })}</p>
      {count > problems.length ? (
        <p className="text-sm text-slate-600">
          {t("imports.problemsTruncated", { shown: format.number(problems.length), count: format.number(count) })}
        </p>
      ) : null}
      <div className="card max-h-[32rem] overflow-auto p-0">
        <table className="data-table">
          <thead className="sticky top-0 bg-slate-50">
            <tr>
              <th scope="col" className="text-right">
                {t("imports.row")}
              </th>
              <th scope="col">{t("imports.column")}</th>
              <th scope="col">{t("imports.problem")}</th>
            </tr>
          </thead>
          <tbody className="divide-y divide-slate-100">
            {problems.map((problem, index) => (
              // biome-ignore lint/suspicious/noArrayIndexKey: the list is fixed once shown; two problems may read alike.
              <tr key={index}>
                <td className="text-right tabular-nums">{problem.row ?? t("imports.wholeFile")}</td>
                <td>{problem.column ? <code>{problem.column}</code> : null}</td>
                <td>{problem.message}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </div>
  );
}
