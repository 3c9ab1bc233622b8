// Adds a Copy button next to every command on the page. The page does not
// need it: without JavaScript the command is plain text to select.
(function () {
  "use strict";
  function fallback(text) {
    var area = document.createElement("textarea");
    area.value = text;
    area.setAttribute("readonly", "");
    area.style.position = "fixed";
    area.style.opacity = "0";
    document.body.appendChild(area);
    area.select();
    var ok = false;
    try { ok = document.execCommand("copy"); } catch (e) { ok = false; }
    document.body.removeChild(area);
    return ok ? Promise.resolve() : Promise.reject(new Error("copy failed"));
  }
  function copy(text) {
    if (navigator.clipboard && window.isSecureContext) {
      return navigator.clipboard.writeText(text).catch(function () { return fallback(text); });
    }
    return fallback(text);
  }
  var blocks = document.querySelectorAll("pre[data-copy]");
  for (var i = 0; i < blocks.length; i++) {
    (function (pre) {
      var button = document.createElement("button");
      button.type = "button";
      button.className = "copy";
      button.textContent = "Copy";
      var status = document.createElement("span");
      status.className = "visually-hidden";
      status.setAttribute("aria-live", "polite");
      button.addEventListener("click", function () {
        copy(pre.textContent.trim()).then(function () {
          button.textContent = "Copied";
          status.textContent = "Command copied to the clipboard";
        }, function () {
          button.textContent = "Select it to copy";
        });
        setTimeout(function () { button.textContent = "Copy"; status.textContent = ""; }, 2500);
      });
      pre.parentNode.insertBefore(button, pre.nextSibling);
      pre.parentNode.insertBefore(status, button.nextSibling);
    })(blocks[i]);
  }
})();
