// Links to every page (keep in step with the routes in ../routes.tsx).
export const paths = {
  projects: () => '/',
  files: (p: string) => `/projects/${encodeURIComponent(p)}/files`,
  terms: (p: string) => `/projects/${encodeURIComponent(p)}/terms`,
  provisional: (p: string) => `/projects/${encodeURIComponent(p)}/provisional`,
  issues: (p: string) => `/projects/${encodeURIComponent(p)}/issues`,
  refined: (p: string) => `/projects/${encodeURIComponent(p)}/refined`,
  document: (p: string, d: string, line?: number) =>
    `/projects/${encodeURIComponent(p)}/documents/${encodeURIComponent(d)}${line ? `?line=${line}` : ''}`,
  runs: (p: string) => `/projects/${encodeURIComponent(p)}/runs`,
  run: (p: string, r: string) => `/projects/${encodeURIComponent(p)}/runs/${encodeURIComponent(r)}`,
  settings: (p: string) => `/projects/${encodeURIComponent(p)}/settings`,
  export: (p: string) => `/projects/${encodeURIComponent(p)}/export`,
};
