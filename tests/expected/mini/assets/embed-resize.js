// Optional, for the host page: fits every insyn iframe to its content's height.
// Include with <script src="https://<insyn-site>/assets/embed-resize.js" defer></script>.
// Messages are only accepted from the iframe they claim to come from.
(function () {
  "use strict";
  window.addEventListener("message", function (event) {
    var data = event.data;
    if (!data || data.type !== "insyn-embed-height" || typeof data.height !== "number") { return; }
    var frames = document.getElementsByTagName("iframe");
    for (var i = 0; i < frames.length; i++) {
      if (frames[i].contentWindow === event.source) {
        frames[i].height = String(Math.min(Math.max(data.height, 100), 4000));
      }
    }
  });
})();
