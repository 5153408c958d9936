import { z } from "zod";

/**
 * The largest request body the app accepts, in bytes (1 MiB): route handlers (withPermission), server
 * actions (next.config.js `experimental.serverActions.bodySizeLimit: "1mb"`, the same number for Next's
 * `bytes` parser) and proxy.ts's early check. The app's forms send a few kilobytes; a PEM CA is ~2 KB.
 */
export const MAX_REQUEST_BODY_BYTES = 1024 * 1024;

/** What the user reads when a request body is over MAX_REQUEST_BODY_BYTES (HTTP 413). */
export const PAYLOAD_TOO_LARGE_MESSAGE =
  "The request is too large: the server accepts at most 1 MB. Nothing was saved; shorten what you pasted or typed and try again.";

/** Thrown while reading a body that turns out longer than the limit (see limitRequestBody); maps to HTTP 413. */
export class PayloadTooLargeError extends Error {
  constructor(readonly limitBytes: number) {
    super(PAYLOAD_TOO_LARGE_MESSAGE);
    this.name = "PayloadTooLargeError";
  }
}

/**
 * Bytes the entries of `data` take once sent, without the multipart framing: UTF-8 names and text values,
 * file sizes. Lets a form refuse, before sending, a body the server would answer with 413.
 */
export function formDataBytes(data: FormData): number {
  const encoder = new TextEncoder();
  let bytes = 0;
  for (const [name, value] of data) bytes += encoder.encode(name).byteLength + (typeof value === "string" ? encoder.encode(value).byteLength : value.size);
  return bytes;
}

/** The entry of `data` with the largest value (bytes, as formDataBytes counts), or null for an empty form. */
export function largestFormEntry(data: FormData): string | null {
  const encoder = new TextEncoder();
  let largest: { name: string; bytes: number } | null = null;
  for (const [name, value] of data) {
    const bytes = typeof value === "string" ? encoder.encode(value).byteLength : value.size;
    if (largest === null || bytes > largest.bytes) largest = { name, bytes };
  }
  return largest?.name ?? null;
}

const contentLength = z.string().trim().regex(/^\d+$/).transform(Number);

/**
 * The body length the request declares in `Content-Length`, in bytes, or null when the header is absent
 * or not a plain decimal number (a chunked body declares none: limitRequestBody counts those).
 */
export function declaredBodyBytes(headers: Headers): number | null {
  const parsed = contentLength.safeParse(headers.get("content-length") ?? undefined);
  return parsed.success ? parsed.data : null;
}

/** True when the request declares (Content-Length) a body longer than `limitBytes`. */
export function declaresTooLargeBody(headers: Headers, limitBytes: number = MAX_REQUEST_BODY_BYTES): boolean {
  const declared = declaredBodyBytes(headers);
  return declared !== null && declared > limitBytes;
}

/**
 * The request with a body that cannot be read past `limitBytes`: reading it (`json()`, `text()`,
 * `formData()`, the stream) rejects with PayloadTooLargeError once more bytes than the limit arrived,
 * whatever Content-Length said (a chunked or lying body). A request without a body is returned as is.
 */
export function limitRequestBody(req: Request, limitBytes: number = MAX_REQUEST_BODY_BYTES): Request {
  if (req.body === null) return req;
  let received = 0;
  const counted = req.body.pipeThrough(
    new TransformStream<Uint8Array, Uint8Array>({
      transform(chunk, controller) {
        received += chunk.byteLength;
        if (received > limitBytes) controller.error(new PayloadTooLargeError(limitBytes));
        else controller.enqueue(chunk);
      },
    }),
  );
  // `duplex: "half"` is required by Node's fetch for a streamed request body; the DOM typings lack it.
  return new Request(req, { body: counted, duplex: "half" } as RequestInit);
}
