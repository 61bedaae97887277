/**
 * Where a report's CSV is downloaded. A page route cannot answer a document request with a file
 * (its loader's data is rendered), so the download goes through the resource route
 * `/reports/csv/:report`, which calls the same loader with `format=csv`: the file holds exactly
 * what the page shows.
 */
export function reportCsvHref(pathname: string, search: string, extra: Record<string, string> = {}): string {
  const params = new URLSearchParams(search);
  params.delete("format");
  for (const [name, value] of Object.entries(extra)) params.set(name, value);
  const report = pathname.replace(/^\/reports\//, "").replace(/\/.*$/, "");
  const query = params.toString();
  return `/reports/csv/${report}${query ? `?${query}` : ""}`;
}
