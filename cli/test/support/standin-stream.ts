/**
 * The answer as a server-sent event stream, with the real events and their order:
 * message_start (the input usage), ping, content_block_start / _delta / _stop for each
 * thinking, text and tool_use block, message_delta (stop reason, stop_details, the
 * cumulative usage), message_stop — https://platform.claude.com/docs/en/build-with-claude/streaming
 * Scripted faults end the stream after the text: a reset destroys the socket, a
 * stream_error sends an SSE `error` event.
 *
 * Read by the stand-in (anthropic-standin.ts) for requests with `stream: true`.
 */
import type { ServerResponse } from "node:http";
import type { AnswerMessage, AnswerReply, PlannedAnswer, PlannedBlock } from "./standin-answer.ts";
import { sleep } from "./standin-latency.ts";
import type { StandinModel } from "./standin-models.ts";
import { tokensFor } from "./standin-prompt.ts";

type Send = (event: string, data: unknown) => Promise<void>;

/** How fast blocks stream: a delay per output token, counted with the model's tokenizer. */
interface StreamPace {
  perTokenMs: number;
  model: StandinModel;
}

export async function streamMessage(
  res: ServerResponse,
  rid: string,
  message: AnswerMessage,
  planned: PlannedAnswer,
  reply: AnswerReply,
  perTokenMs: number,
  model: StandinModel,
  beforeStop: () => Promise<void> = () => Promise.resolve(),
): Promise<void> {
  res.writeHead(200, {
    "content-type": "text/event-stream",
    "cache-control": "no-cache",
    "request-id": rid,
  });
  const send: Send = (event, data) =>
    new Promise<void>((resolve) =>
      res.write(`event: ${event}\ndata: ${JSON.stringify(data)}\n\n`, () => resolve()),
    );
  const { usage } = message;
  // message_start: the input usage, and a small output count (the final one is in message_delta).
  await send("message_start", {
    type: "message_start",
    message: {
      ...message,
      content: [],
      stop_reason: null,
      stop_details: null,
      usage: { ...usage, output_tokens: Math.min(1, usage.output_tokens) },
    },
  });
  await send("ping", { type: "ping" });
  const pace: StreamPace = { perTokenMs, model };
  for (const [index, block] of planned.blocks.entries()) {
    const final = block.final;
    if (final.type === "thinking") await streamThinking(send, index, block, pace);
    else if (final.type === "text") {
      await streamText(send, index, block, pace);
      if (reply.type === "reset") {
        res.socket?.destroy();
        return;
      }
      if (reply.type === "stream_error") {
        await send("error", {
          type: "error",
          error: { type: reply.errorType, message: reply.message },
          request_id: rid,
        });
        res.end();
        return;
      }
    } else await streamToolUse(send, index, block, pace);
    await send("content_block_stop", { type: "content_block_stop", index });
  }
  await beforeStop();
  // message_delta: the stop reason and the cumulative usage.
  await send("message_delta", {
    type: "message_delta",
    delta: {
      stop_reason: message.stop_reason,
      stop_sequence: null,
      stop_details: message.stop_details,
    },
    usage: {
      input_tokens: usage.input_tokens,
      cache_creation_input_tokens: usage.cache_creation_input_tokens,
      cache_read_input_tokens: usage.cache_read_input_tokens,
      output_tokens: usage.output_tokens,
    },
  });
  await send("message_stop", { type: "message_stop" });
  res.end();
}

/** A thinking block: its time up front, then the text and the signature. */
async function streamThinking(send: Send, index: number, block: PlannedBlock, pace: StreamPace) {
  await send("content_block_start", {
    type: "content_block_start",
    index,
    content_block: { type: "thinking", thinking: "", signature: "" },
  });
  await sleep(pace.perTokenMs * block.tokens);
  for (const piece of chunks(block.streamed)) {
    await send("content_block_delta", {
      type: "content_block_delta",
      index,
      delta: { type: "thinking_delta", thinking: piece },
    });
  }
  await send("content_block_delta", {
    type: "content_block_delta",
    index,
    delta: { type: "signature_delta", signature: block.final.signature },
  });
}

/** A text block, piece by piece, each after its tokens' time. */
async function streamText(send: Send, index: number, block: PlannedBlock, pace: StreamPace) {
  await send("content_block_start", {
    type: "content_block_start",
    index,
    content_block: { type: "text", text: "" },
  });
  for (const piece of chunks(block.streamed)) {
    await sleep(pace.perTokenMs * tokensFor(pace.model, piece));
    await send("content_block_delta", {
      type: "content_block_delta",
      index,
      delta: { type: "text_delta", text: piece },
    });
  }
}

/** A tool call: the block with an empty input, then its JSON in pieces. */
async function streamToolUse(send: Send, index: number, block: PlannedBlock, pace: StreamPace) {
  const final = block.final;
  await send("content_block_start", {
    type: "content_block_start",
    index,
    content_block: { type: "tool_use", id: final.id, name: final.name, input: {} },
  });
  for (const piece of chunks(block.streamed)) {
    await sleep(pace.perTokenMs * tokensFor(pace.model, piece));
    await send("content_block_delta", {
      type: "content_block_delta",
      index,
      delta: { type: "input_json_delta", partial_json: piece },
    });
  }
}

/** Split streamed text in pieces of about 64 characters (16 tokens). */
function chunks(text: string): string[] {
  const out: string[] = [];
  for (let i = 0; i < text.length; i += 64) out.push(text.slice(i, i + 64));
  return out.length > 0 ? out : [""];
}
