import { Form, NavLink, useLocation } from "@remix-run/react";
import { useEffect, type ReactNode } from "react";
import { useTranslation } from "~/utils/use-translation";
import { can, type Permission, type Role } from "~/domain/permissions";
import { SUPPORTED_LOCALES, type Locale } from "~/i18n";
import { useLiveUnanswered } from "./live";

type ShellUser = { id: number; name: string; role: Role } | null;

type NavItem = { to: string; label: string; permission: Permission; more?: boolean };

// The main places stay in the bar; administration and reference pages sit under "More".
const NAV: NavItem[] = [
  { to: "/overview", label: "nav.overview", permission: "viewTeamReports" },
  { to: "/my-day", label: "nav.myDay", permission: "ownCustomers" },
  { to: "/inquiries", label: "nav.inbox", permission: "handleInquiries" },
  { to: "/customers", label: "nav.customers", permission: "viewSalesRecords" },
  { to: "/quotes", label: "nav.quotes", permission: "viewSalesRecords" },
  { to: "/orders", label: "nav.orders", permission: "viewSalesRecords" },
  { to: "/reminders", label: "nav.reminders", permission: "sell" },
  { to: "/reports", label: "nav.reports", permission: "viewTeamReports" },
  { to: "/products", label: "nav.products", permission: "viewSalesRecords", more: true },
  { to: "/templates", label: "nav.templates", permission: "manageSettings", more: true },
  { to: "/import", label: "nav.imports", permission: "importData", more: true },
  { to: "/jobs", label: "nav.jobs", permission: "runJobs", more: true },
  { to: "/settings", label: "nav.settings", permission: "manageSettings", more: true },
  { to: "/admin/users", label: "nav.users", permission: "manageUsers", more: true },
  { to: "/admin/api-keys", label: "nav.apiKeys", permission: "manageApiKeys", more: true },
  { to: "/admin/audit", label: "nav.audit", permission: "manageUsers", more: true },
];

function navFor(role: Role) {
  return NAV.filter((item) => can(role, item.permission));
}

function LanguageForm({ locale }: { locale: Locale }) {
  const { t } = useTranslation();
  const location = useLocation();
  return (
    <Form method="post" action="/locale" className="flex items-center gap-2">
      <input type="hidden" name="redirectTo" value={location.pathname + location.search} />
      <label htmlFor="locale-picker" className="sr-only">
        {t("nav.language")}
      </label>
      <select
        id="locale-picker"
        name="locale"
        defaultValue={locale}
        className="rounded-md border border-slate-300 bg-white px-2 py-1 text-sm text-slate-900"
        onChange={(event) => event.currentTarget.form?.requestSubmit()}
      >
        {SUPPORTED_LOCALES.map((code) => (
          <option key={code} value={code}>
            {t(`locales.${code}`)}
          </option>
        ))}
      </select>
      <noscript>
        <button type="submit" className="btn-secondary">
          {t("common.change")}
        </button>
      </noscript>
    </Form>
  );
}

function NavItemLink({ item, unanswered }: { item: NavItem; unanswered: number | null }) {
  const { t } = useTranslation();
  return (
    <NavLink
      to={item.to}
      prefetch="intent"
      className={({ isActive }) =>
        `block whitespace-nowrap rounded-md px-3 py-2 text-sm font-medium ${
          isActive ? "bg-brand-700 text-white" : "text-brand-50 hover:bg-brand-700/60"
        }`
      }
    >
      {t(item.label)}
      {item.to === "/inquiries" && unanswered ? (
        <span
          className="ml-1.5 rounded-full bg-red-600 px-1.5 py-0.5 text-xs font-semibold text-white"
          data-testid="unanswered-badge"
        >
          <span aria-hidden="true">{unanswered}</span>
          <span className="sr-only">{t("nav.unanswered", { count: unanswered })}</span>
        </span>
      ) : null}
    </NavLink>
  );
}

/** The bar's links, with the less frequent ones folded under "More" (a disclosure, no script needed). */
function NavLinks({ role, unanswered, flat = false }: { role: Role; unanswered: number | null; flat?: boolean }) {
  const { t } = useTranslation();
  const items = navFor(role);
  const main = flat ? items : items.filter((item) => !item.more);
  const more = flat ? [] : items.filter((item) => item.more);
  return (
    <>
      {main.map((item) => (
        <NavItemLink key={item.to} item={item} unanswered={unanswered} />
      ))}
      {more.length ? (
        <details className="relative">
          <summary className="cursor-pointer list-none rounded-md px-3 py-2 text-sm font-medium text-brand-50 hover:bg-brand-700/60">
            {t("nav.more")}
          </summary>
          <div className="absolute left-0 z-20 mt-1 w-52 space-y-1 rounded-md bg-brand-800 p-2 shadow-lg">
            {more.map((item) => (
              <NavItemLink key={item.to} item={item} unanswered={unanswered} />
            ))}
          </div>
        </details>
      ) : null}
    </>
  );
}

export function AppShell({
  user,
  locale,
  unanswered: initialUnanswered,
  children,
}: {
  user: ShellUser;
  locale: Locale;
  unanswered: number | null;
  children: ReactNode;
}) {
  const { t } = useTranslation();
  const unanswered = useLiveUnanswered(initialUnanswered, Boolean(user));
  const location = useLocation();
  // Menus opened for a navigation close once it happens.
  // biome-ignore lint/correctness/useExhaustiveDependencies: the path is the trigger, not an input.
  useEffect(() => {
    for (const menu of document.querySelectorAll("header details[open]")) menu.removeAttribute("open");
  }, [location.pathname]);
  return (
    <div className="flex min-h-full flex-col">
      <a href="#main" className="sr-only focus:not-sr-only focus:absolute focus:left-2 focus:top-2 focus:bg-white focus:p-2">
        {t("app.skipToContent")}
      </a>
      <header className="no-print bg-brand-800 text-white">
        <div className="mx-auto flex max-w-7xl items-center gap-4 px-4 py-2">
          <a href="/" className="text-base font-semibold tracking-tight">
            {t("app.name")}
          </a>
          {user ? (
            <>
              <nav aria-label="Main" className="hidden flex-1 items-center gap-1 md:flex">
                <NavLinks role={user.role} unanswered={unanswered} />
              </nav>
              <div className="hidden items-center gap-3 md:flex">
                <span className="text-sm text-brand-100" title={t(`roles.${user.role}`)}>
                  {user.name}
                </span>
                <LanguageForm locale={locale} />
                <Form method="post" action="/logout">
                  <button type="submit" className="rounded-md px-3 py-1.5 text-sm hover:bg-brand-700">
                    {t("nav.signOut")}
                  </button>
                </Form>
              </div>
              {/* Phones: the same navigation folded into a disclosure that works without scripts. */}
              <details className="relative ml-auto md:hidden">
                <summary className="cursor-pointer list-none rounded-md px-3 py-1.5 text-sm hover:bg-brand-700">
                  {t("app.menu")}
                </summary>
                <div className="absolute right-0 z-20 mt-2 w-64 space-y-1 rounded-md bg-brand-800 p-2 shadow-lg">
                  <p className="px-3 py-1 text-xs text-brand-100">
                    {t("nav.signedInAs", { name: user.name, role: t(`roles.${user.role}`) })}
                  </p>
                  <NavLinks role={user.role} unanswered={unanswered} flat />
                  <div className="px-3 py-2">
                    <LanguageForm locale={locale} />
                  </div>
                  <Form method="post" action="/logout">
                    <button type="submit" className="w-full rounded-md px-3 py-2 text-left text-sm hover:bg-brand-700">
                      {t("nav.signOut")}
                    </button>
                  </Form>
                </div>
              </details>
            </>
          ) : (
            <div className="ml-auto">
              <LanguageForm locale={locale} />
            </div>
          )}
        </div>
      </header>
      <main id="main" className="mx-auto w-full max-w-7xl flex-1 px-4 py-6">
        {children}
      </main>
    </div>
  );
}
