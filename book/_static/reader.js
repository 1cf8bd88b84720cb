/* A small thing the theme leaves undone. */
(function () {
  "use strict";

  /* The .ipynb and .md entries of the download menu are plain links; a
     server that sends notebooks as JSON would open them as text in a tab.
     `download` makes the browser save the file whatever its MIME type. */
  document.addEventListener("DOMContentLoaded", function () {
    document
      .querySelectorAll(
        "a.btn-download-notebook-button, a.btn-download-source-button",
      )
      .forEach(function (link) {
        link.setAttribute("download", "");
        link.removeAttribute("target");
      });
  });
})();
