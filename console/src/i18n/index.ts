// UI text in English and Japanese. Each area keeps its own strings in a `locales.ts` beside its
// components ({ en: {...}, ja: {...} }, keys under the area's name); they are merged here into one
// namespace, so adding an area never edits a shared file. The language comes from the browser the
// first time, then from the user's choice (localStorage).
import i18next from 'i18next';
import { initReactI18next } from 'react-i18next';

export const LANGUAGES = [
  { code: 'en', label: 'English' },
  { code: 'ja', label: '日本語' },
] as const;
export type Language = (typeof LANGUAGES)[number]['code'];

const LANGUAGE_KEY = 'genglossary.language';

type Tree = { [key: string]: string | Tree };
interface LocaleModule {
  default: { en: Tree; ja: Tree };
}

function merge(into: Tree, from: Tree): Tree {
  for (const [k, v] of Object.entries(from)) {
    const existing = into[k];
    into[k] = typeof v === 'object' && typeof existing === 'object' ? merge(existing, v) : v;
  }
  return into;
}

const modules = import.meta.glob<LocaleModule>('../**/locales.ts', { eager: true });
const en: Tree = {};
const ja: Tree = {};
for (const m of Object.values(modules)) {
  merge(en, m.default.en);
  merge(ja, m.default.ja);
}

export function initialLanguage(): Language {
  try {
    const stored = localStorage.getItem(LANGUAGE_KEY);
    if (stored === 'en' || stored === 'ja') return stored;
  } catch {
    // no storage: fall through to the browser's language
  }
  const preferred = (navigator.languages?.length ? navigator.languages : [navigator.language]) ?? [];
  for (const tag of preferred) {
    if (tag?.toLowerCase().startsWith('ja')) return 'ja';
    if (tag?.toLowerCase().startsWith('en')) return 'en';
  }
  return 'en';
}

export function setLanguage(code: Language): void {
  try {
    localStorage.setItem(LANGUAGE_KEY, code);
  } catch {
    // the choice lasts for this page only
  }
  void i18next.changeLanguage(code);
}

void i18next.use(initReactI18next).init({
  resources: { en: { translation: en }, ja: { translation: ja } },
  lng: initialLanguage(),
  fallbackLng: 'en',
  interpolation: { escapeValue: false },
  returnNull: false,
});

i18next.on('languageChanged', (lng) => {
  document.documentElement.lang = lng;
});
document.documentElement.lang = i18next.language;

export { i18next };
