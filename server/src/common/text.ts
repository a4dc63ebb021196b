/** Shortens text to at most `n` characters, ending with an ellipsis (inbox bodies, subscribe-message fields). */
export const cut = (s: string, n: number) => (s.length > n ? `${s.slice(0, n - 1)}…` : s);
