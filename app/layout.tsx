import type { Metadata } from "next";
import { connection } from "next/server";
import type { ReactNode } from "react";
import { Providers } from "./providers";
import "./globals.css";

export const metadata: Metadata = {
  title: { default: "routeros-noc", template: "%s · routeros-noc" },
  description: "NOC dashboard for MikroTik RouterOS routers",
  icons: { icon: "/icon.svg" },
  robots: { index: false, follow: false },
};

/**
 * The root layout. Every page renders per request (`connection()`): proxy.ts sends a fresh CSP nonce
 * with each request and Next puts it on its scripts while rendering, which a page prerendered at build
 * time cannot have (its scripts would be blocked).
 */
export default async function RootLayout({ children }: { children: ReactNode }) {
  await connection();
  return (
    <html lang="en">
      <body>
        <Providers>{children}</Providers>
      </body>
    </html>
  );
}
