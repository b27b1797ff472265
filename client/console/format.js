// Writing values into the console's pages: every text from the API is escaped before it joins the HTML.

/** The value as HTML text: `&`, `<`, `>` and quotes escaped. */
export function escapeHtml(value) {
  return String(value ?? '').replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]);
}
