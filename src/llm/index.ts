// The public face of src/llm: engines on Ollama and OpenAI-compatible servers behind the same
// GlossaryEngine interface as the offline engine, and the model list for settings screens.
export { createEngine, listModels, type CreateEngineOptions, type EngineKind, type EngineSettings } from './create-engine';
export { LlmEngine, type CandidateSource, type LlmEngineOptions } from './llm-engine';
export { OllamaClient } from './ollama-client';
export { OpenAiClient, type OpenAiEndpointOptions } from './openai-client';
export { MalformedOutputError, type ChatClient, type ChatRequest } from './chat-client';
export { mapPool } from './pool';
export { allowedHostsOf, checkedProjectBaseUrl } from './base-url';
export { DebugRecorder } from './debug-recorder';
export { HttpStatusError, LlmRequestError, type RetryTiming } from './retry';
