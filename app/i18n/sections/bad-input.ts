import type { Widen } from "../widen";

// Input the product could not read and did not use: filters it ignored (SPEC §12).
const en = {
  ignoredFilters: "Ignored filters that are not valid: {{names}}. Dates must be real days between 1970 and 2999.",
  filterNames: { from: "From", to: "To" },
  receivedAtTooEarly: "Must not lie before 1970.",
} as const;

export const badInputText = {
  en,
  "zh-CN": {
    ignoredFilters: "已忽略无效的筛选条件：{{names}}。日期必须是 1970 至 2999 年之间的真实日期。",
    filterNames: { from: "开始日期", to: "结束日期" },
    receivedAtTooEarly: "不能早于 1970 年。",
  } satisfies Widen<typeof en>,
};
