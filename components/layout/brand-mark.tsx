/** The product's mark: a small router glyph and the name. Decorative SVG (aria-hidden). */
export function BrandMark({ className = "" }: { className?: string }) {
  return (
    <span className={`inline-flex items-center gap-2 font-semibold tracking-tight ${className}`}>
      <svg aria-hidden="true" viewBox="0 0 24 24" className="h-6 w-6" fill="none" stroke="currentColor" strokeWidth={1.8}>
        <rect x="3" y="13" width="18" height="7" rx="1.5" />
        <path d="M7 16.5h.01M10 16.5h.01M13 16.5h4" strokeLinecap="round" />
        <path d="M8 9.5a5.5 5.5 0 0 1 8 0M5.5 7a9 9 0 0 1 13 0M12 13v-2" strokeLinecap="round" />
      </svg>
      routeros-noc
    </span>
  );
}
