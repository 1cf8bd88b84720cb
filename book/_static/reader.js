/* Two small things the theme and the widget manager leave undone. */
(function () {
  "use strict";

  /* 1. ipywidgets' Image has no alt attribute: it sets only `title`, from the
     widget's `tooltip`, which bplib's slider apps fill with a description of
     the figure (FigureApp's `alt`).  Copy it to `alt` as the widget manager
     draws the saved widgets, so every figure on the site has alt text. */
  function addAlt() {
    document
      .querySelectorAll("img.widget-image[title]:not([alt])")
      .forEach(function (img) {
        img.setAttribute("alt", img.getAttribute("title"));
      });
  }
  new MutationObserver(addAlt).observe(document.documentElement, {
    childList: true,
    subtree: true,
    attributes: true,
    attributeFilter: ["title"],
  });

  /* 2. The .ipynb and .md entries of the download menu are plain links; a
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
