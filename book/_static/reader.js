/* Small things the theme leaves undone. */
(function () {
  "use strict";

  /* The .ipynb and .md entries of the download menu are plain links; a
     server that sends notebooks as JSON would open them as text in a tab.
     `download` makes the browser save the file whatever its MIME type. */
  function realDownloads() {
    document
      .querySelectorAll(
        "a.btn-download-notebook-button, a.btn-download-source-button",
      )
      .forEach(function (link) {
        link.setAttribute("download", "");
        link.removeAttribute("target");
      });
  }

  /* Accessible names that contain what a control shows (WCAG 2.5.3, label
     in name): a speech-input user says what they see.  tests/test_site.py
     runs axe-core on every page to hold this. */
  function namesThatMatchTheLabels() {
    // MyST-NB's code toggles show "Show code cell source" but were named
    // "Toggle hidden content"; the search field shows "Search Ctrl+K" but
    // was named "Search".  Without aria-label, the name is what they show.
    document
      .querySelectorAll(
        'summary[aria-label="Toggle hidden content"], .search-button-field[aria-label]',
      )
      .forEach(function (control) {
        control.removeAttribute("aria-label");
      });
    // The colour-mode button shows one icon, titled Light, Dark or System
    // Settings: name it "Color mode: <that title>", and follow each change.
    document.querySelectorAll(".theme-switch-button").forEach(function (button) {
      function rename() {
        var mode = document.documentElement.dataset.mode || "auto";
        var icon = button.querySelector('.theme-switch[data-mode="' + mode + '"]');
        // Bootstrap's tooltips move a title to data-bs-original-title.
        var shown =
          icon &&
          (icon.getAttribute("title") || icon.getAttribute("data-bs-original-title"));
        button.setAttribute("aria-label", "Color mode: " + (shown || mode));
      }
      rename();
      new MutationObserver(rename).observe(document.documentElement, {
        attributes: true,
        attributeFilter: ["data-mode"],
      });
    });
    // The bibliography is a role="list" whose entries have the role
    // doc-biblioentry, which ARIA 1.3 deprecates: a list needs list items.
    document
      .querySelectorAll('[role="list"] > [role="doc-biblioentry"]')
      .forEach(function (entry) {
        entry.setAttribute("role", "listitem");
      });
  }

  /* A code block wider than its column scrolls, so it must take keyboard
     focus to scroll from the keyboard (WCAG 2.1.1).  The theme gives it
     tabindex 0 at load, when the blocks inside a folded cell or solution
     have no width; unfolding one measures its blocks again. */
  function scrollableBlocksTakeFocus(root) {
    root.querySelectorAll("pre").forEach(function (pre) {
      var scrolls = pre.scrollWidth > pre.clientWidth || pre.scrollHeight > pre.clientHeight;
      pre.tabIndex = scrolls ? 0 : -1;
    });
  }

  document.addEventListener("DOMContentLoaded", function () {
    realDownloads();
    namesThatMatchTheLabels();
    // <details> (folded code cells) fire "toggle"; sphinx-togglebutton's
    // solutions unfold on a click of their button.
    document.addEventListener(
      "toggle",
      function (event) {
        if (event.target.open) scrollableBlocksTakeFocus(event.target);
      },
      true,
    );
    document.addEventListener("click", function (event) {
      var toggle = event.target.closest && event.target.closest(".toggle-button");
      var box = toggle && toggle.closest(".admonition, .toggle");
      if (box) setTimeout(function () { scrollableBlocksTakeFocus(box); }, 0);
    });
  });
})();
