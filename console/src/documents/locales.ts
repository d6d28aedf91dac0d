// Strings of the document viewer.
export default {
  en: {
    documents: {
      notFound: 'This document is not in the project (any more).',
      terms: '{{count}} extracted terms in this document',
      noTerms: 'No extracted term occurs in this document yet: run an extraction.',
      line: 'Line {{line}}',
      card: 'Term',
      definition: 'Definition',
      noDefinition: 'No definition yet: run the glossary steps.',
      category: 'Category',
      occurrences: 'Occurrences',
      otherOccurrences: 'Other occurrences',
      none: 'None',
      close: 'Close',
      back: 'Files',
    },
  },
  ja: {
    documents: {
      notFound: 'このドキュメントはプロジェクトにありません。',
      terms: 'このドキュメントの抽出用語 {{count}} 件',
      noTerms: 'このドキュメントにはまだ抽出用語がありません。用語抽出を実行してください。',
      line: '{{line}} 行目',
      card: '用語',
      definition: '定義',
      noDefinition: 'まだ定義がありません。用語集の手順を実行してください。',
      category: 'カテゴリ',
      occurrences: '出現箇所',
      otherOccurrences: 'ほかの出現箇所',
      none: 'なし',
      close: '閉じる',
      back: 'ファイル',
    },
  },
};
