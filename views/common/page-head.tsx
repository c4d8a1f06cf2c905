/**
 * The <head> every page shares, staff and portal alike: the same htmx settings, the CSRF token the
 * page's htmx requests send, the shared colours and then the page's own style sheet, and the app's
 * scripts (served by the app itself, no CDN).
 */

// htmx swaps error responses too, into the flash area, so a refused action is always explained.
const HTMX_CONFIG = JSON.stringify({
  includeIndicatorStyles: false,
  allowEval: false,
  selfRequestsOnly: true,
  responseHandling: [
    { code: '204', swap: false },
    { code: '[23]..', swap: true },
    { code: '[45]..', swap: true, error: true },
  ],
});

/** The value of `hx-headers` on <body>: every htmx request carries the CSRF token. */
export function csrfHxHeaders(csrfToken: string | null | undefined): string | undefined {
  return csrfToken ? JSON.stringify({ 'X-CSRF-Token': csrfToken }) : undefined;
}

export function PageHead({ title, stylesheet, csrfToken }: { title: string; stylesheet: 'app.css' | 'portal.css'; csrfToken?: string | null }) {
  return (
    <head>
      <meta charset="utf-8" />
      <meta name="viewport" content="width=device-width, initial-scale=1" />
      <meta name="htmx-config" content={HTMX_CONFIG} />
      {csrfToken ? <meta name="csrf-token" content={csrfToken} /> : null}
      <title>{title}</title>
      <link rel="icon" href="/static/favicon.svg" type="image/svg+xml" />
      <link rel="stylesheet" href="/static/colours.css" />
      <link rel="stylesheet" href={`/static/${stylesheet}`} />
      <script src="/static/htmx.min.js" defer></script>
      <script src="/static/app.js" defer></script>
    </head>
  );
}
