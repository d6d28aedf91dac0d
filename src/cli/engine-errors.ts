// An engine that cannot be used, told once and with the fix: the cause (connection refused, host
// unreachable, timeout, an HTTP status) comes from the llm layer's structured details, the hint
// from what the user can do about it.
import type { Config } from '../config';
import type { AppError } from '../errors';
import { publicUrl } from '../llm/http-endpoint';

type LlmKind = 'ollama' | 'openai';

/** The message for an LLM_UNAVAILABLE error, with a hint for the engine in use. */
export function explainEngineError(e: AppError, kind: LlmKind, llm: Config['llm'], model: string): string {
  const failure = typeof e.details.failure === 'string' ? e.details.failure : undefined;
  const status = typeof e.details.status === 'number' ? e.details.status : undefined;
  const where = kind === 'ollama' ? `Ollama at ${publicUrl(llm.ollama.baseUrl)}` : `the OpenAI-compatible server at ${publicUrl(llm.openai.baseUrl)}`;
  const urlVariable = kind === 'ollama' ? 'OLLAMA_BASE_URL' : 'OPENAI_BASE_URL';
  switch (failure) {
    case 'refused':
      return kind === 'ollama'
        ? `Cannot reach ${where}: connection refused. Is Ollama running? Start it with \`ollama serve\` (or set ${urlVariable}).`
        : `Cannot reach ${where}: connection refused. Is the server running? Check ${urlVariable}.`;
    case 'unreachable':
      return `Cannot reach ${where}: host unreachable or unknown. Check ${urlVariable} and the network.`;
    case 'timeout': {
      const seconds = Math.round((kind === 'ollama' ? llm.ollama.timeoutMs : llm.openai.timeoutMs) / 1000);
      const variable = kind === 'ollama' ? 'OLLAMA_TIMEOUT' : 'OPENAI_TIMEOUT';
      return `${capital(where)} did not answer within ${seconds} s. Is the model loaded and the machine not overloaded? Raise ${variable} for slow models.`;
    }
    default:
      break;
  }
  if (status !== undefined) {
    if (status === 401 || status === 403) {
      return `${capital(where)} refused the request (HTTP ${status}).${kind === 'openai' ? ' Check OPENAI_API_KEY.' : ' Check the proxy in front of Ollama.'}`;
    }
    if (status === 404) {
      return kind === 'ollama'
        ? `${capital(where)} answered HTTP 404: is the model "${model}" pulled? Run \`ollama pull ${model}\`, or pick one with --model.`
        : `${capital(where)} answered HTTP 404: check the model "${model}" (--model) and ${urlVariable}.`;
    }
    return `${capital(where)} answered HTTP ${status}. Try again later, or check the server's log.`;
  }
  return e.message;
}

const capital = (s: string) => s.charAt(0).toUpperCase() + s.slice(1);
