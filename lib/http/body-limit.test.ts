import { describe, expect, it } from "vitest";
import {
  declaredBodyBytes,
  declaresTooLargeBody,
  formDataBytes,
  largestFormEntry,
  limitRequestBody,
  MAX_REQUEST_BODY_BYTES,
  PayloadTooLargeError,
} from "./body-limit";

function streamOf(total: number, chunk = 16 * 1024): ReadableStream<Uint8Array> {
  let sent = 0;
  return new ReadableStream<Uint8Array>({
    pull(controller) {
      if (sent >= total) return controller.close();
      const n = Math.min(chunk, total - sent);
      sent += n;
      controller.enqueue(new Uint8Array(n));
    },
  });
}

const post = (body: ReadableStream<Uint8Array>) => new Request("http://noc.test/api/x", { method: "POST", body, duplex: "half" } as RequestInit);

describe("body limit", () => {
  it("reads Content-Length only when it is a plain number", () => {
    expect(declaredBodyBytes(new Headers({ "content-length": "1024" }))).toBe(1024);
    expect(declaredBodyBytes(new Headers({ "content-length": "1e9" }))).toBeNull();
    expect(declaredBodyBytes(new Headers({ "content-length": "-1" }))).toBeNull();
    expect(declaredBodyBytes(new Headers())).toBeNull();
  });

  it("flags a declared body over the limit, not one at the limit", () => {
    expect(declaresTooLargeBody(new Headers({ "content-length": String(MAX_REQUEST_BODY_BYTES) }))).toBe(false);
    expect(declaresTooLargeBody(new Headers({ "content-length": String(MAX_REQUEST_BODY_BYTES + 1) }))).toBe(true);
    expect(declaresTooLargeBody(new Headers({ "content-length": "11" }), 10)).toBe(true);
  });

  it("lets a body up to the limit be read whole", async () => {
    const req = limitRequestBody(post(streamOf(1000)), 1000);
    expect((await req.arrayBuffer()).byteLength).toBe(1000);
  });

  it("rejects reading a streamed body past the limit with PayloadTooLargeError", async () => {
    const req = limitRequestBody(post(streamOf(1001, 100)), 1000);
    await expect(req.text()).rejects.toBeInstanceOf(PayloadTooLargeError);
  });

  it("leaves a request without a body as it is", () => {
    const req = new Request("http://noc.test/api/x");
    expect(limitRequestBody(req)).toBe(req);
  });
});

describe("form size", () => {
  it("counts UTF-8 names and values and file sizes", () => {
    const data = new FormData();
    data.append("name", "é");
    data.append("caPem", "x".repeat(1000));
    data.append("cert", new File([new Uint8Array(300)], "ca.der"));
    expect(formDataBytes(data)).toBe(4 + 2 + 5 + 1000 + 4 + 300);
    expect(largestFormEntry(data)).toBe("caPem");
  });

  it("has no largest entry for an empty form", () => {
    expect(formDataBytes(new FormData())).toBe(0);
    expect(largestFormEntry(new FormData())).toBeNull();
  });
});
