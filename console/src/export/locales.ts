export default {
  en: {
    export: {
      title: 'Export',
      formats: 'Export formats',
      download: 'Download {{format}}',
      preview: 'Preview',
      previewNamed: 'Preview {{format}}',
      previewOf: '{{format}} preview',
      format: {
        markdown: { name: 'Markdown', description: 'The refined glossary as a readable document, with sources as file:line.' },
        json: { name: 'JSON', description: 'Terms, refined entries and issues, for other programs.' },
        csv: { name: 'CSV', description: 'One row per entry, for spreadsheets.' },
        tbx: { name: 'TBX', description: 'TBX-Core (ISO 30042), for termbase and translation tools.' },
      },
    },
  },
  ja: {
    export: {
      title: 'エクスポート',
      formats: 'エクスポート形式',
      download: '{{format}} をダウンロード',
      preview: 'プレビュー',
      previewNamed: '{{format}} をプレビュー',
      previewOf: '{{format}} のプレビュー',
      format: {
        markdown: { name: 'Markdown', description: '最終用語集を読みやすい文書として（出典は ファイル:行）。' },
        json: { name: 'JSON', description: '用語・最終用語集・課題を他のプログラム向けに。' },
        csv: { name: 'CSV', description: '1 項目 1 行、表計算ソフト向け。' },
        tbx: { name: 'TBX', description: 'TBX-Core（ISO 30042）、用語ベース・翻訳ツール向け。' },
      },
    },
  },
};
