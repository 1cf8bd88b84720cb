/* The Jupyter widget manager typesets widget labels with MathJax 2's
   MathJax.Hub.Queue(["Typeset", MathJax.Hub, element]); this site runs
   MathJax 3, which has no Hub.  Give every MathJax global a Hub whose Queue
   typesets through MathJax 3.  MathJax 3 replaces window.MathJax while it
   starts, so the shim is (re)applied whenever the global is assigned. */
(function () {
  "use strict";
  function addHub(mathjax) {
    if (!mathjax || typeof mathjax !== "object" || mathjax.Hub) {
      return;
    }
    mathjax.Hub = {
      Queue: function () {
        var elements = [];
        Array.prototype.forEach.call(arguments, function (job) {
          if (Array.isArray(job) && job[0] === "Typeset" && job[2]) {
            elements.push(job[2]);
          }
        });
        var mj = window.MathJax;
        if (elements.length && mj && typeof mj.typesetPromise === "function") {
          mj.typesetPromise(elements).catch(function () {});
        }
        /* Before MathJax 3 has started, its first pass typesets the page. */
      },
    };
  }
  var current = window.MathJax;
  addHub(current);
  Object.defineProperty(window, "MathJax", {
    configurable: true,
    get: function () { return current; },
    set: function (value) { current = value; addHub(value); },
  });
})();
