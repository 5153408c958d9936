import { describe, expect, it } from "vitest";
import { sharedRead, sharedReadByKey } from "./shared-read";

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

describe("sharedReadByKey", () => {
  it("shares one read per key, keeps keys apart, and forgets the oldest key beyond maxKeys", async () => {
    const reads: string[] = [];
    const read = sharedReadByKey(10_000, 2, async (key: string) => {
      const n = reads.push(key);
      await new Promise((r) => setTimeout(r, 5));
      return `${key}#${n}`;
    });
    const [a1, a2, b1] = await Promise.all([read("a"), read("a"), read("b")]);
    expect(a1).toBe("a#1");
    expect(a2).toBe(a1);
    expect(b1).toBe("b#2");
    expect(await read("a")).toBe("a#1");
    expect(await read("c")).toBe("c#3");
    // "a" was the oldest of three keys with room for two: read again; "c" is still kept.
    expect(await read("a")).toBe("a#4");
    expect(await read("c")).toBe("c#3");
    expect(reads).toEqual(["a", "b", "c", "a"]);
  });
});
