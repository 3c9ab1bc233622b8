// Adds a Copy button to every command on the page (pre[data-copy]). The
// page does not need it: without JavaScript the command is plain text to
// select. No inline styles or scripts: the site's Content-Security-Policy
// forbids them.
(function () {
  "use strict";

  // fallback copies through a selection, for browsers without the async
  // clipboard API or pages not served over HTTPS. The selection needs a
  // focused text field; focus goes back to the button afterwards.
  // (Setting element.style is allowed by the CSP; style attributes are not.)
  function fallback(text, button) {
    var area = document.createElement("textarea");
    area.value = text;
    area.setAttribute("readonly", "");
    area.style.position = "fixed";
    area.style.top = "0";
    area.style.opacity = "0";
    document.body.appendChild(area);
    area.focus({ preventScroll: true });
    area.select();
    var ok = false;
    try { ok = document.execCommand("copy"); } catch (e) { ok = false; }
    document.body.removeChild(area);
    button.focus({ preventScroll: true });
    return ok ? Promise.resolve() : Promise.reject(new Error("copy failed"));
  }

  function copy(text, button) {
    if (navigator.clipboard && window.isSecureContext) {
      return navigator.clipboard.writeText(text).catch(function () { return fallback(text, button); });
    }
    return fallback(text, button);
  }

  function enhance(pre) {
    var button = document.createElement("button");
    button.type = "button";
    button.className = "copy";
    button.textContent = "Copy";
    // Says what happened to screen reader users, who may not hear the
    // button's new label.
    var status = document.createElement("span");
    status.className = "visually-hidden";
    status.setAttribute("role", "status");
    var timer;
    button.addEventListener("click", function () {
      clearTimeout(timer);
      copy(pre.textContent.trim(), button).then(function () {
        button.textContent = "Copied";
        status.textContent = "Copied to the clipboard";
      }, function () {
        // Select the command, so that Ctrl+C is all that is left to do.
        window.getSelection().selectAllChildren(pre);
        button.textContent = "Press Ctrl+C";
        status.textContent = "Could not copy; the command is selected";
      });
      timer = setTimeout(function () {
        button.textContent = "Copy";
        status.textContent = "";
      }, 3000);
    });
    pre.parentNode.insertBefore(button, pre.nextSibling);
    pre.parentNode.insertBefore(status, button.nextSibling);
  }

  var blocks = document.querySelectorAll("pre[data-copy]");
  for (var i = 0; i < blocks.length; i++) enhance(blocks[i]);
})();
