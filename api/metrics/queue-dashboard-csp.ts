/**
 * Fits bull-board's queue dashboard to our strict CSP: its page loses the external web font
 * and the inline-styled placeholder, and the few <style> texts its own scripts render (the
 * Redis logo is an SVG with a <style> inside) are allowed by their SHA-256 hash, nothing more.
 */
import { createHash } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';

/**
 * bull-board's page links a web font on fonts.googleapis.com and styles its loading
 * placeholder inline; our CSP refuses both (no third-party requests, no inline style),
 * so they are taken out and the page runs on its own scripts and stylesheets.
 */
export function withoutInlineStylesOrExternalLinks(html: string): string {
  return html
    .replace(/<link\b[^>]*\bhref="(?:https?:)?\/\/[^"]*"[^>]*>/gi, '')
    .replace(/<style\b[^>]*>[\s\S]*?<\/style>/gi, '')
    .replace(/\sstyle="[^"]*"/gi, '');
}

/** `<style>` elements rendered by the board's React code with a fixed text: `jsx("style", {…, children: `…`})`. */
const RENDERED_STYLE = /\("style",\{(?:[A-Za-z]+:[^,{}]+,)*children:`([^`$\\]*)`/g;

function boardScripts(): string[] {
  // Resolved the way @bull-board/api finds its UI, so the hashes follow whatever version it serves.
  const fromApi = createRequire(createRequire(import.meta.url).resolve('@bull-board/api'));
  const scripts = path.join(path.dirname(fromApi.resolve('@bull-board/ui/package.json')), 'dist', 'static', 'js');
  return readdirSync(scripts, { recursive: true, encoding: 'utf8' }).filter((file) => file.endsWith('.js')).map((file) => path.join(scripts, file));
}

let hashes: string[] | undefined;

/** The CSP sources (`'sha256-…'`) of every fixed <style> text in the board's scripts; read once. */
export function boardStyleHashes(): string[] {
  if (!hashes) {
    const found = new Set<string>();
    for (const file of boardScripts()) {
      for (const [, text] of readFileSync(file, 'utf8').matchAll(RENDERED_STYLE)) {
        found.add(`'sha256-${createHash('sha256').update(text).digest('base64')}'`);
      }
    }
    hashes = [...found].sort();
  }
  return hashes;
}
