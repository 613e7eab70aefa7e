// Inside an embed: tell the host page how tall the content is, so that an optional
// resize script there (assets/embed-resize.js) can fit the iframe. Nothing else is sent.
(function () {
  "use strict";
  if (window.parent === window) { return; }
  var last = 0;
  function post() {
    var height = Math.ceil(document.documentElement.scrollHeight);
    if (height !== last) {
      last = height;
      window.parent.postMessage({ type: "insyn-embed-height", height: height }, "*");
    }
  }
  window.addEventListener("load", post);
  window.addEventListener("resize", post);
  if (window.ResizeObserver) { new ResizeObserver(post).observe(document.body); }
})();
