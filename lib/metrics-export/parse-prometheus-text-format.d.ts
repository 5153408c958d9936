/** Types of the `parse-prometheus-text-format` package (it ships none): its output follows prom2json's. Tests only. */
declare module "parse-prometheus-text-format" {
  /** One sample: `value` for counters, gauges and untyped; `buckets`, `count`, `sum` for histograms. Numbers as text. */
  export interface ParsedSample {
    value?: string;
    labels?: Record<string, string>;
    buckets?: Record<string, string>;
    count?: string;
    sum?: string;
  }
  /** One metric family: name, help, upper-case type and its samples. */
  export interface ParsedFamily {
    name: string;
    help: string;
    type: "COUNTER" | "GAUGE" | "HISTOGRAM" | "SUMMARY" | "UNTYPED";
    metrics: ParsedSample[];
  }
  /** Parses the Prometheus text exposition format. @throws Error on a malformed line */
  export default function parsePrometheusTextFormat(text: string): ParsedFamily[];
}
