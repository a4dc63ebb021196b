/**
 * @jest-environment node
 */
import { readFileSync } from 'node:fs';

// eslint-disable-next-line @typescript-eslint/no-require-imports
const { generate, OUT } = require('../../config/tools/elder-css.js') as { generate: () => string; OUT: string };

/** 长辈模式 text sizes are generated from every stylesheet: a changed font size needs `npm run elder-css`. */
describe('长辈模式 text sizes (client/elder.generated.scss)', () => {
  const css = generate();

  it('is up to date with the stylesheets', () => {
    expect(readFileSync(OUT, 'utf8')).toBe(css);
  });

  it('raises every small text to at least 40px of 750 (20 px on a phone), under .page.elder only', () => {
    const sizes = [...css.matchAll(/font-size: (\d+)px/g)].map((m) => Number(m[1]));
    expect(sizes.length).toBeGreaterThan(3);
    expect(Math.min(...sizes)).toBeGreaterThanOrEqual(40);
    const selectors = css.split('\n').filter((l) => l.startsWith('.') || l.startsWith(' '));
    expect(selectors.filter((l) => l.startsWith('.') && !l.startsWith('.page.elder'))).toEqual([]);
    expect(css).toContain('.page.elder .muted');
    expect(css).toContain('.page.elder .home-entry__text');
  });
});
