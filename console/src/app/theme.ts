// Mantine theme: system fonts with Japanese fallbacks listed before the generic family, so kana and
// kanji get a real CJK face (not a mix of whatever glyphs the first Latin font lacks).
import { createTheme } from '@mantine/core';

const CJK_SANS = '"Hiragino Sans", "Hiragino Kaku Gothic ProN", "Noto Sans JP", "Noto Sans CJK JP", "Yu Gothic UI", "Yu Gothic", Meiryo';
const CJK_MONO = '"Noto Sans Mono CJK JP", "BIZ UDGothic", "MS Gothic"';

export const theme = createTheme({
  primaryColor: 'indigo',
  fontFamily: `system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial, ${CJK_SANS}, sans-serif`,
  fontFamilyMonospace: `ui-monospace, SFMono-Regular, Menlo, Consolas, "Liberation Mono", ${CJK_MONO}, monospace`,
  headings: { fontFamily: `system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial, ${CJK_SANS}, sans-serif` },
  defaultRadius: 'sm',
});
