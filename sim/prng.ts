/**
 * Deterministic pseudo-random helpers: the same seed gives the same world. `hash32` mixes any
 * number of integers/strings into a 32-bit value (stateless, used for lazily computed events);
 * `Prng` is a sequential generator (mulberry32) for building configuration.
 */

/** FNV-1a 32-bit hash of a string. */
function hashString(value: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < value.length; i++) {
    h ^= value.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return h >>> 0;
}

/** Mixes integers and strings into one unsigned 32-bit hash (order matters). */
export function hash32(...parts: Array<number | string>): number {
  let h = 0x9e3779b9;
  for (const part of parts) {
    const v = typeof part === "string" ? hashString(part) : part | 0;
    h = Math.imul(h ^ v, 0x85ebca6b);
    h ^= h >>> 13;
    h = Math.imul(h, 0xc2b2ae35);
    h ^= h >>> 16;
  }
  return h >>> 0;
}

/** A uniform number in [0, 1) derived from the parts (stateless). */
export function unit(...parts: Array<number | string>): number {
  return hash32(...parts) / 4_294_967_296;
}

/**
 * The element of a non-empty list that `hash` selects (`hash` modulo the length), e.g. with a hash32 value.
 * @throws RangeError for an empty list
 */
export function pickByHash<T>(items: readonly T[], hash: number): T {
  const item = items[hash % items.length];
  if (item === undefined) throw new RangeError(`no element ${hash % items.length} in a list of ${items.length}`);
  return item;
}

/** Sequential seeded generator (mulberry32). */
export class Prng {
  private state: number;

  constructor(seed: number) {
    this.state = seed >>> 0;
  }

  /** Uniform in [0, 1). */
  next(): number {
    this.state = (this.state + 0x6d2b79f5) >>> 0;
    let t = this.state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  }

  /** Integer in [min, max] inclusive. */
  int(min: number, max: number): number {
    return min + Math.floor(this.next() * (max - min + 1));
  }

  /** True with probability p. */
  chance(p: number): boolean {
    return this.next() < p;
  }

  /**
   * One element of a non-empty array.
   * @throws RangeError for an empty array
   */
  pick<T>(items: readonly T[]): T {
    const index = Math.floor(this.next() * items.length);
    const item = items[index];
    if (item === undefined) throw new RangeError(`no element ${index} in a list of ${items.length}`);
    return item;
  }

  /** `n` random bytes as lower-case hex. */
  hex(bytes: number): string {
    let out = "";
    for (let i = 0; i < bytes; i++) out += this.int(0, 255).toString(16).padStart(2, "0");
    return out;
  }

  /** A locally administered unicast MAC (`x2:..`), upper-case colon form as RouterOS prints it. */
  mac(): string {
    const bytes = [0x02 | (this.int(0, 63) << 2), ...Array.from({ length: 5 }, () => this.int(0, 255))];
    return bytes.map((b) => b.toString(16).padStart(2, "0").toUpperCase()).join(":");
  }
}

/** A MikroTik-looking MAC (OUI 48:A9:8A) from a stateless hash. */
export function macFromHash(...parts: Array<number | string>): string {
  const h1 = hash32(...parts, 1);
  const bytes = [0x48, 0xa9, 0x8a, (h1 >>> 16) & 0xff, (h1 >>> 8) & 0xff, h1 & 0xff];
  return bytes.map((b) => b.toString(16).padStart(2, "0").toUpperCase()).join(":");
}
