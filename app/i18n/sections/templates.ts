import type { Widen } from "../widen";

const en = {
  title: "Reply templates",
  intro:
    "Ready answers to the questions buyers ask again and again: prices, MOQ, lead times, samples. Keep a version in each language you answer in.",
  filter: "Show templates in",
  all: "All languages",
  name: "Name",
  language: "Language",
  body: "Text",
  bodyHelp: "Up to 5,000 characters. Line breaks are kept.",
  preview: "Preview",
  updatedAt: "Last changed",
  create: "Add a template",
  created: "Template “{{name}}” created.",
  updated: "Template “{{name}}” saved.",
  editTitle: "Edit “{{name}}”",
  back: "Back to templates",
  delete: "Delete",
  confirmDelete: "Delete the template “{{name}}”? This cannot be undone.",
  empty:
    "No reply templates yet. Save the answers you write most often, in English and Chinese, so that replies go out within seconds.",
  emptyLocale: "No templates in {{language}} yet.",
} as const;

export const templatesText = {
  en,
  "zh-CN": {
    title: "回复模板",
    intro: "为买家反复询问的问题准备好答复：价格、起订量、交期、样品等。每种回复语言各保存一个版本。",
    filter: "显示语言",
    all: "全部语言",
    name: "名称",
    language: "语言",
    body: "正文",
    bodyHelp: "最多 5000 个字符，保留换行。",
    preview: "预览",
    updatedAt: "最近修改",
    create: "添加模板",
    created: "已创建模板“{{name}}”。",
    updated: "已保存模板“{{name}}”。",
    editTitle: "编辑“{{name}}”",
    back: "返回模板列表",
    delete: "删除",
    confirmDelete: "删除模板“{{name}}”？此操作无法撤销。",
    empty: "还没有回复模板。把最常写的答复用中英文各保存一份，回复询盘只需几秒。",
    emptyLocale: "还没有{{language}}模板。",
  } satisfies Widen<typeof en>,
};
