/** @type {import('next').NextConfig} */
const nextConfig = {
  serverExternalPackages: ["better-sqlite3", "@node-rs/argon2", "pino"],
  poweredByHeader: false,
  reactStrictMode: true,
  experimental: {
    // The app's body limit, 1 MiB (MAX_REQUEST_BODY_BYTES in lib/http/body-limit.ts; "1mb" is 1048576
    // bytes for Next's parser). proxy.ts answers 413 to larger declared bodies before Next reads them.
    serverActions: { bodySizeLimit: "1mb" },
    // Next buffers request bodies for proxy.ts up to this size and silently truncates beyond it (10 MB by
    // default). Above the 1 MiB limit, so a truncated body is still over it and refused, never processed.
    proxyClientMaxBodySize: "2mb",
  },
  async headers() {
    return [
      {
        source: "/:path*",
        headers: [
          { key: "X-Content-Type-Options", value: "nosniff" },
          { key: "X-Frame-Options", value: "DENY" },
          { key: "Referrer-Policy", value: "strict-origin-when-cross-origin" },
        ],
      },
      {
        // Public share links carry their token in the URL: never leak it through Referer, never index it.
        source: "/share/:path*",
        headers: [
          { key: "Referrer-Policy", value: "no-referrer" },
          { key: "X-Robots-Tag", value: "noindex, nofollow" },
          { key: "Cache-Control", value: "no-store" },
        ],
      },
    ];
  },
};

module.exports = nextConfig;
