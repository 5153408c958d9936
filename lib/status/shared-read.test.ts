import { describe, expect, it } from "vitest";
import { sharedRead } from "./shared-read";

describe("sharedRead", () => {
  it("shares one read between concurrent callers and reuses it until the TTL ends", async () => {
    let reads = 0;
    const read = sharedRead(50, async () => {
      reads++;
      await new Promise((r) => setTimeout(r, 10));
      return { n: reads };
    });
    const [a, b, c] = await Promise.all([read(), read(), read()]);
    expect(reads).toBe(1);
    expect(a).toBe(b);
    expect(b).toBe(c);
    expect(await read()).toBe(a);
    await new Promise((r) => setTimeout(r, 60));
    expect(await read()).toEqual({ n: 2 });
    expect(reads).toBe(2);
  });

  it("keeps no failed read: the next caller reads again", async () => {
    let reads = 0;
    const read = sharedRead(10_000, async () => {
      reads++;
      if (reads === 1) throw new Error("database busy");
      return reads;
    });
    await expect(read()).rejects.toThrow("database busy");
    expect(await read()).toBe(2);
    expect(await read()).toBe(2);
  });
});
