// Starts Swagger UI on /api/docs; a file, not an inline script, so the page runs under the strict CSP.
// No validator badge: it would load an image from swagger.io, which the CSP (and our privacy) refuses.
(() => {
  const root = document.getElementById('swagger-ui');
  window.ui = window.SwaggerUIBundle({
    url: root.dataset.specUrl,
    domNode: root,
    deepLinking: true,
    validatorUrl: null,
    tryItOutEnabled: false,
    persistAuthorization: false,
  });
})();
