// Added to every page by bulletin serve, never to the built site: reloads
// the page when the site has been built again, whether the build
// succeeded or shows its problems. The page knows which build it comes
// from, so a build that happened while it loaded is not missed, and a
// new run of bulletin serve (whose builds are named anew) reloads it too.
(function () {
  "use strict";
  var script = document.currentScript;
  var build = script.dataset.build;
  var events = null;

  function connect() {
    events = new EventSource(script.dataset.events);
    events.addEventListener("build", function (e) {
      if (e.data !== build) {
        events.close();
        location.reload();
      }
    });
  }

  // Browsers allow six connections to one server; a stream per hidden tab
  // would soon use them all. A tab shown again reconnects, learns the
  // latest build, and reloads if it missed one.
  document.addEventListener("visibilitychange", function () {
    if (document.hidden && events) {
      events.close();
      events = null;
    } else if (!document.hidden && !events) {
      connect();
    }
  });
  if (!document.hidden) {
    connect();
  }
})();
