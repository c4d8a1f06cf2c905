/** The browsable API reference: Swagger UI from its npm package, started by a script file (no inline code, no CDN). */

/** Where the reference's own files are served (api/platform/api-docs.routes.ts). */
export const API_DOCS_ASSETS = '/api/docs/assets';

export function ApiDocsPage({ specUrl }: { specUrl: string }) {
  return (
      <html lang="en">
        <head>
          <meta charset="utf-8" />
          <meta name="viewport" content="width=device-width, initial-scale=1" />
          <title>Cistern API reference</title>
          <link rel="icon" href="/static/favicon.svg" type="image/svg+xml" />
          <link rel="stylesheet" href={`${API_DOCS_ASSETS}/swagger-ui.css`} />
        </head>
        <body>
          <div id="swagger-ui" data-spec-url={specUrl}>
            <noscript>The reference needs JavaScript; the document itself is at <a href={specUrl}>{specUrl}</a>.</noscript>
          </div>
          <script src={`${API_DOCS_ASSETS}/swagger-ui-bundle.js`} />
          <script src={`${API_DOCS_ASSETS}/api-docs.js`} />
        </body>
      </html>
  );
}
