import type { LinksFunction, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { data } from "@remix-run/node";
import { Links, Meta, Outlet, Scripts, ScrollRestoration, useRouteError } from "@remix-run/react";
import { useEffect, useMemo, type ReactNode } from "react";
import { I18nextProvider } from "react-i18next";
import stylesheet from "../styles/app.css?url";
import { getCurrentUser, resolveLocale } from "./auth/session.server";
import { AppShell } from "./components/app-shell";
import { GeneralErrorBoundary } from "./components/error-boundary";
import { Toast } from "./components/toast";
import { takeToast } from "./components/toast.server";
import { db } from "~db/client.server";
import { createI18n, DEFAULT_LOCALE, type Locale } from "./i18n";
import { countUnanswered } from "./models/inquiry.server";
import { getSettings } from "./models/settings.server";
import { useNonce } from "./utils/nonce";
import { useRootData } from "./utils/root-data";

export const links: LinksFunction = () => [
  { rel: "stylesheet", href: stylesheet },
  { rel: "icon", href: "/favicon.svg", type: "image/svg+xml" },
];

export const meta: MetaFunction = () => [{ title: "Inquiry CRM · 询盘 CRM" }];

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await getCurrentUser(request);
  const locale = await resolveLocale(request, user);
  const settings = getSettings(db());
  const { toast, headers } = await takeToast(request);
  return data(
    {
      user,
      unanswered: user ? countUnanswered(db()) : null,
      locale,
      timeZone: settings.general.timeZone,
      baseCurrency: settings.general.baseCurrency,
      toast,
    },
    { headers },
  );
}

export function Layout({ children }: { children: ReactNode }) {
  const data = useRootData();
  const locale: Locale = data?.locale ?? DEFAULT_LOCALE;
  const i18n = useMemo(() => createI18n(locale), [locale]);
  const nonce = useNonce();
  return (
    <html lang={locale} className="h-full bg-slate-50">
      <head>
        <meta charSet="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <Meta />
        <Links />
      </head>
      <body className="h-full text-slate-900">
        <I18nextProvider i18n={i18n}>
          <AppShell user={data?.user ?? null} locale={locale} unanswered={data?.unanswered ?? null}>
            {children}
          </AppShell>
          <Toast toast={data?.toast ?? null} />
        </I18nextProvider>
        <ScrollRestoration nonce={nonce} />
        <Scripts nonce={nonce} />
      </body>
    </html>
  );
}

export default function App() {
  // Marks the page interactive (`<html data-hydrated>`): what a user picks before this has no
  // handler yet, and the browser tests wait for it before they pick.
  useEffect(() => {
    document.documentElement.dataset.hydrated = "";
  }, []);
  return <Outlet />;
}

export function ErrorBoundary() {
  const error = useRouteError();
  return <GeneralErrorBoundary error={error} />;
}
