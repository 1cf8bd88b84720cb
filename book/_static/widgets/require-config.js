// Tell RequireJS where the widget manager's modules live on this site, so
// that nothing is fetched from a CDN: anywidget's front end (the apps of
// bplib.explore) and the html-manager's own files (its fonts).  Loaded after
// require.js and before embed-amd.js (see _config.yml, nb_ipywidgets_js).
(function () {
  "use strict";
  var here = document.currentScript.src.replace(/[^/]*$/, "");
  window.require.config({
    paths: {
      anywidget: here + "anywidget/index",
      "@jupyter-widgets/html-manager/dist": here.replace(/\/$/, ""),
    },
  });
})();
