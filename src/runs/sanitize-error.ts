// What a failed run stores and shows: the error's message with absolute paths masked (URLs
// kept: they say which endpoint failed), secrets redacted, control characters and broken
// surrogates removed, bounded in length, the error class appended. The full error goes to the
// server log only.

export const MAX_STORED_ERROR = 1_024;

const URL_RE = /\b[a-z][a-z0-9+.-]*:\/\/[^\s'"`<>]+/gi;
const FILE_URL_RE = /\bfile:\/\/[^\s'"`<>]*/gi;
// Secrets first, while their shapes are intact.
const SECRET_RULES: [RegExp, string][] = [
  [/\b(bearer|basic)\s+[A-Za-z0-9._~+/=-]{6,}/gi, '$1 <redacted>'],
  [/\bsk-[A-Za-z0-9_-]{6,}/g, '<redacted>'],
  [/\b(api[-_ ]?key|apikey|access[-_]?token|auth[-_]?token|token|secret|password|passwd|pwd)(["']?\s*[:=]\s*["']?)[^\s"'&,;]+/gi, '$1$2<redacted>'],
  [/(x-api-key|authorization)(["']?\s*:\s*["']?)[^\s"',;]+/gi, '$1$2<redacted>'],
];
// URL credentials (https://user:pass@host) and query secrets are handled inside URLs.
const URL_USERINFO_RE = /^([a-z][a-z0-9+.-]*:\/\/)[^/@\s]*@/i;
const WINDOWS_PATH_RE = /(?<![\w])(?:[A-Za-z]:[\\/]|\\\\[^\\\s]+\\)[^\s'"`<>|*?]*/g;
// An absolute Unix path: "/" not preceded by a word character, dot, or another slash, followed by
// at least one path character ("3/4" and "a/b" are not paths). "~/x" counts as absolute.
const UNIX_PATH_RE = /(?<![\w./~\\-])~?\/(?=[^\s/])[^\s'"`<>,;()[\]{}]*/g;
// Lone surrogates (invalid UTF-16, e.g. from a mis-decoded byte) and control characters.
const LONE_SURROGATE_RE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;
// eslint-disable-next-line no-control-regex
const CONTROL_RE = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F-\u009F]/g;

/** The class name shown after the message: `Error`, `TypeError`, `LlmRequestError`, … */
export function errorClassOf(err: unknown): string {
  if (err instanceof Error) {
    const ctor = err.constructor?.name;
    return err.name && err.name !== 'Error' ? err.name : ctor && ctor !== 'Object' ? ctor : 'Error';
  }
  return err === null ? 'null' : typeof err;
}

function messageOf(err: unknown): string {
  if (err instanceof Error) return err.message;
  if (typeof err === 'string') return err;
  if (err == null) return '';
  try {
    return JSON.stringify(err) ?? String(err);
  } catch {
    return String(err);
  }
}

/** Masks paths and secrets in free text, keeping URLs (minus their credentials and query secrets). */
export function redactText(text: string): string {
  let out = text;
  // Keep URLs out of the path rule: park them behind placeholders, clean them, put them back.
  const urls: string[] = [];
  out = out.replace(FILE_URL_RE, '<path>');
  out = out.replace(URL_RE, (url) => {
    urls.push(url.replace(URL_USERINFO_RE, '$1<redacted>@'));
    return `\u0000URL${urls.length - 1}\u0000`;
  });
  for (const [re, replacement] of SECRET_RULES) out = out.replace(re, replacement);
  out = out.replace(WINDOWS_PATH_RE, '<path>');
  out = out.replace(UNIX_PATH_RE, '<path>');
  out = out.replace(/\u0000URL(\d+)\u0000/g, (_, i: string) => {
    let url = urls[Number(i)] ?? '';
    for (const [re, replacement] of SECRET_RULES) url = url.replace(re, replacement);
    return url;
  });
  return out;
}

// Lines of a multi-line message that quote code rather than say what failed: stack frames
// ("    at fn (file:1:2)"), code frames ("→ 74   const x = …", "  72   const y"), and a
// library's "invocation in <file>:<line>:<col>" lead-in.
const STACK_FRAME_LINE = /^\s*at\s+\S/;
const CODE_FRAME_LINE = /^\s*(?:→|->|>)?\s*\d+\s*[|│]?\s{1,}\S/;
const INVOCATION_IN = /\binvocation in\s*\S*:\d+(?::\d+)?\s*$/i;

/** Drops quoted source and stack frames from a multi-line message (one-line messages are kept as they are). */
export function withoutSourceLines(message: string): string {
  const lines = message.split(/\r?\n/);
  if (lines.length < 2) return message;
  return lines
    .filter((line) => !STACK_FRAME_LINE.test(line) && !CODE_FRAME_LINE.test(line))
    .map((line) => line.replace(INVOCATION_IN, 'invocation:'))
    .join('\n');
}

/** The message stored on a FAILED run: `<clean message> (<ErrorClass>)`, at most 1,024 characters. */
export function sanitizeError(err: unknown, maxLength = MAX_STORED_ERROR): string {
  const suffix = ` (${errorClassOf(err).replace(/[^\w.$-]/g, '').slice(0, 60) || 'Error'})`;
  let text = withoutSourceLines(messageOf(err)).replace(LONE_SURROGATE_RE, '\uFFFD');
  text = text.replace(/[\r\n\t]+/g, ' ').replace(CONTROL_RE, '');
  text = redactText(text).replace(/\s{2,}/g, ' ').trim() || 'Unknown error';
  const room = maxLength - suffix.length;
  if (text.length > room) text = `${text.slice(0, room - 1).replace(LONE_SURROGATE_RE, '')}…`;
  return text + suffix;
}
