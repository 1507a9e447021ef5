/**
 * The one place that talks to Claude (Messages API via @anthropic-ai/sdk 1.14, model `claude-sonnet-4-6`).
 * Streams chat answers with two clocks of its own, because the SDK's timeout only covers the wait for response
 * headers: a first-token deadline (no text yet → give up, whatever the SDK is doing: waiting for headers, backing
 * off before a retry, or reading a stream that sends no text) and an idle watchdog between stream events. Forced
 * tool calls give structured output (summaries). Every failure comes out as a `CoachLlmError` with a reason, so the
 * caller falls back to the basic coach without guessing.
 */
import Anthropic from '@anthropic-ai/sdk';

export const COACH_MODEL = 'claude-sonnet-4-6';

export interface ClaudeClientOptions {
  apiKey: string;
  baseURL?: string | null | undefined;
  /** The SDK's per-attempt wait for response headers, ms. */
  timeoutMs: number;
  /** Retries as the SDK does them (408, 409, 429, 5xx, 529, connection errors; honours retry-after). */
  maxRetries: number;
  maxTokens: number;
}

export interface StreamClocks {
  /** No text delta this long after the call started → `timeout`, ms. */
  firstTokenMs: number;
  /** No stream event this long after the first text → `stalled`, ms. */
  idleMs: number;
}

export type CoachLlmFailure = 'rate_limited' | 'overloaded' | 'timeout' | 'stalled' | 'malformed' | 'api_error' | 'connection' | 'empty';

export class CoachLlmError extends Error {
  constructor(
    readonly reason: CoachLlmFailure,
    message: string,
  ) {
    super(message);
    this.name = 'CoachLlmError';
  }
}

export type SystemBlock = { type: 'text'; text: string; cache_control?: { type: 'ephemeral' } };
/** A turn; a block list lets a turn end a cached prefix (`cache_control` on its text block). */
export type Turn = { role: 'user' | 'assistant'; content: string | SystemBlock[] };
export interface Usage {
  /** Input tokens neither written to nor read from the prompt cache. */
  inputTokens: number;
  outputTokens: number;
  /** Prompt caching: input tokens written to the cache (billed ×1.25) and read from it (×0.1). */
  cacheCreationTokens: number;
  cacheReadTokens: number;
}

type ApiUsage = { input_tokens?: number | null; output_tokens?: number | null; cache_creation_input_tokens?: number | null; cache_read_input_tokens?: number | null } | null | undefined;
const inputUsage = (u: ApiUsage) => ({ inputTokens: u?.input_tokens ?? 0, cacheCreationTokens: u?.cache_creation_input_tokens ?? 0, cacheReadTokens: u?.cache_read_input_tokens ?? 0 });
export interface ToolSpec {
  name: string;
  description: string;
  input_schema: Record<string, unknown>;
}

export function classify(err: unknown, gaveUp: 'timeout' | 'stalled' | null): CoachLlmError {
  if (err instanceof CoachLlmError) return err;
  if (gaveUp === 'stalled') return new CoachLlmError('stalled', 'the model stream went quiet');
  if (gaveUp === 'timeout') return new CoachLlmError('timeout', 'no answer from the model in time');
  if (err instanceof Anthropic.RateLimitError) return new CoachLlmError('rate_limited', 'rate limited');
  if (err instanceof Anthropic.APIError && err.status === 529) return new CoachLlmError('overloaded', 'model overloaded');
  if (err instanceof Anthropic.APIConnectionTimeoutError) return new CoachLlmError('timeout', 'model request timed out');
  if (err instanceof Anthropic.APIConnectionError) return new CoachLlmError('connection', 'cannot reach the model');
  if (err instanceof SyntaxError) return new CoachLlmError('malformed', 'malformed model response');
  if (err instanceof Anthropic.APIError && err.status === undefined) return new CoachLlmError('api_error', 'error event inside the model stream');
  if (err instanceof Anthropic.APIError) return new CoachLlmError('api_error', `model API error ${err.status}`);
  return new CoachLlmError('api_error', err instanceof Error ? err.message.slice(0, 200) : 'model call failed');
}

/** A promise that rejects when `signal` aborts (so a race gives up at once, even while the SDK sleeps before a retry). */
function onAbort(signal: AbortSignal): Promise<never> {
  const p = new Promise<never>((_, reject) => signal.addEventListener('abort', () => reject(signal.reason), { once: true }));
  p.catch(() => {});
  return p;
}

export class ClaudeClient {
  private readonly sdk: Anthropic;

  constructor(private readonly o: ClaudeClientOptions) {
    this.sdk = new Anthropic({ apiKey: o.apiKey, baseURL: o.baseURL ?? null, timeout: o.timeoutMs, maxRetries: o.maxRetries });
  }

  /** Streams an answer; `onText` gets each text delta. Resolves with the tokens used, or rejects with CoachLlmError. */
  async stream(system: SystemBlock[], messages: Turn[], clocks: StreamClocks, onText: (t: string) => void): Promise<Usage & { text: string }> {
    const ac = new AbortController();
    let gaveUp: 'timeout' | 'stalled' | null = null;
    let timer: NodeJS.Timeout | undefined;
    const arm = (ms: number, why: 'timeout' | 'stalled') => {
      clearTimeout(timer);
      timer = setTimeout(() => {
        gaveUp = why;
        ac.abort(new CoachLlmError(why, why === 'timeout' ? 'no first token in time' : 'the model stream went quiet'));
      }, ms);
    };
    const out = { inputTokens: 0, outputTokens: 0, cacheCreationTokens: 0, cacheReadTokens: 0, text: '' };
    const run = async () => {
      const s = await this.sdk.messages.create({ model: COACH_MODEL, max_tokens: this.o.maxTokens, system, messages, stream: true }, { signal: ac.signal });
      for await (const ev of s) {
        if (ev.type === 'message_start') Object.assign(out, inputUsage(ev.message.usage));
        else if (ev.type === 'message_delta') out.outputTokens = ev.usage.output_tokens ?? out.outputTokens;
        else if (ev.type === 'content_block_delta' && ev.delta.type === 'text_delta') {
          out.text += ev.delta.text;
          onText(ev.delta.text);
        }
        if (out.text) arm(clocks.idleMs, 'stalled');
      }
    };
    arm(clocks.firstTokenMs, 'timeout');
    try {
      await Promise.race([run(), onAbort(ac.signal)]);
      if (!out.text.trim()) throw new CoachLlmError('empty', 'the model answered no text');
      return out;
    } catch (err) {
      throw classify(err, gaveUp);
    } finally {
      clearTimeout(timer);
      if (!ac.signal.aborted) ac.abort(new CoachLlmError('api_error', 'finished'));
    }
  }

  /** One forced tool call (structured output) within `deadlineMs`; resolves with the tool input, unparsed (the caller parses it with zod). */
  async tool(system: SystemBlock[], messages: Turn[], tool: ToolSpec, deadlineMs: number): Promise<Usage & { input: unknown }> {
    const ac = new AbortController();
    const timer = setTimeout(() => ac.abort(new CoachLlmError('timeout', 'no structured answer in time')), deadlineMs);
    try {
      const call = this.sdk.messages.create(
        {
          model: COACH_MODEL,
          max_tokens: this.o.maxTokens,
          system,
          messages,
          tools: [{ name: tool.name, description: tool.description, input_schema: tool.input_schema as Anthropic.Tool['input_schema'] }],
          tool_choice: { type: 'tool', name: tool.name },
        },
        { signal: ac.signal },
      );
      const msg = await Promise.race([call, onAbort(ac.signal)]);
      const block = msg.content?.find((b) => b.type === 'tool_use');
      if (!block || block.type !== 'tool_use') throw new CoachLlmError('malformed', 'no tool_use block in the answer');
      return { input: block.input, ...inputUsage(msg.usage), outputTokens: msg.usage?.output_tokens ?? 0 };
    } catch (err) {
      throw classify(err, ac.signal.aborted ? 'timeout' : null);
    } finally {
      clearTimeout(timer);
    }
  }
}
