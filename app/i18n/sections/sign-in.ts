import type { Widen } from "../widen";

// Sign-in throttling and the session cookie check (SPEC §12), on the sign-in page and the admin's user page.
const en = {
  tooMany: "Too many sign-in attempts. Please try again after {{time}}.",
  cookieRefused:
    "You were signed in, but your browser did not keep the session cookie, so you are not signed in on this page. Allow cookies for this site and sign in again. If the site is reached over plain HTTP behind a proxy that also serves HTTPS, ask your administrator to check the proxy setting (CRM_TRUST_PROXY).",
  throttled: "Sign-in paused",
  throttledUntil: "Sign-in with this e-mail is paused after repeated failed attempts until {{time}}.",
  clearThrottle: "Allow sign-in again now",
  throttleCleared: "{{email}} can sign in again.",
} as const;

export const signInText = {
  en,
  "zh-CN": {
    tooMany: "登录尝试次数过多，请在 {{time}} 之后再试。",
    cookieRefused:
      "登录已成功，但您的浏览器没有保存会话 Cookie，因此本页面仍处于未登录状态。请允许本网站使用 Cookie 后重新登录。如果通过代理以 HTTP 访问本网站而代理同时提供 HTTPS，请联系管理员检查代理设置（CRM_TRUST_PROXY）。",
    throttled: "登录已暂停",
    throttledUntil: "该邮箱多次登录失败，登录已暂停至 {{time}}。",
    clearThrottle: "立即允许再次登录",
    throttleCleared: "{{email}} 现在可以再次登录。",
  } satisfies Widen<typeof en>,
};
