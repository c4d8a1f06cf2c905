// Small behaviours the pages share; loaded as a file so the CSP can forbid inline scripts.
document.addEventListener('htmx:beforeSwap', (event) => {
  // An expired session answers 401 to an htmx request: go to the sign-in page.
  if (event.detail.xhr.status === 401) {
    window.location.href = '/login?next=' + encodeURIComponent(window.location.pathname + window.location.search);
  }
});

// A form marked data-reset-on-success clears itself after a successful htmx post.
document.addEventListener('htmx:afterRequest', (event) => {
  const form = event.detail.elt;
  if (form instanceof HTMLFormElement && form.hasAttribute('data-reset-on-success') && event.detail.successful) form.reset();
});
