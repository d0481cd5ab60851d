import { readFileSync } from 'node:fs';

/**
 * The bundle's index.html: one self-contained page (inline script and style, a CSP that allows
 * no network) that a clerk opens from disk to check the bundle in the browser. Kept as a plain
 * HTML file beside this module so it is read, reviewed and diffed as what it is.
 */
let page: string | null = null;

export function bundlePage(): string {
  page ??= readFileSync(new URL('./bundle-page.html', import.meta.url), 'utf8');
  return page;
}
