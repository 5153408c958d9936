import type { Config } from "tailwindcss";

const config: Config = {
  content: ["./app/**/*.{ts,tsx}", "./components/**/*.{ts,tsx}"],
  theme: {
    extend: {
      colors: {
        brand: { DEFAULT: "#0f6fbf", dark: "#0b4f89", light: "#e6f1fb" },
        status: { up: "#16a34a", down: "#dc2626", unauthorized: "#d97706", unknown: "#6b7280" },
      },
      fontFamily: { mono: ["ui-monospace", "SFMono-Regular", "Menlo", "monospace"] },
    },
  },
};

export default config;
