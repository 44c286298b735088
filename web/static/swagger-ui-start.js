// Starts Swagger UI on /api/v1/docs with the settings the page carries in data-* attributes
// (a file rather than an inline script, so that the Content-Security-Policy can forbid inline code).
window.addEventListener("load", function () {
  var root = document.getElementById("swagger-ui-container");
  var config = { url: root.dataset.specUrl, dom_id: "#swagger-ui-container" };
  Object.assign(config, JSON.parse(root.dataset.config));
  window.ui = SwaggerUIBundle(config);
});
