// The download's file name, from the project name: safe on every OS, Japanese kept as it is.
export function exportFileName(projectName: string, extension: string): string {
  const base =
    projectName
      .normalize('NFC')
      .replace(/[\\/:*?"<>|\u0000-\u001f\u007f]+/g, '_')
      .replace(/^[.\s]+|[.\s]+$/g, '')
      .trim() || 'glossary';
  return `${base}-glossary.${extension}`;
}
