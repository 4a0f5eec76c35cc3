// A talk's recording plays, and its slides show, on the page only when the reader asks for
// them: until then the preview is made by confnotes alone, and the provider receives no
// request. Without this script, the preview's link opens them on the provider's site.
(function () {
  "use strict";

  function play(preview, link) {
    const frame = document.createElement("iframe");
    frame.className = "media-frame";
    frame.src = link.dataset.embedUrl;
    frame.title = link.dataset.frameTitle;
    frame.allow = "autoplay; encrypted-media; fullscreen; picture-in-picture";
    frame.allowFullscreen = true;
    // The players refuse to play for a page that sends no referrer at all.
    frame.referrerPolicy = "strict-origin-when-cross-origin";
    preview.replaceWith(frame);
    // The button that had the focus is gone: the player takes it, so that the keyboard
    // goes on from there.
    frame.focus();
  }

  document.querySelectorAll("a[data-embed-url]").forEach(function (link) {
    const preview = link.closest(".media-preview");
    const button = document.createElement("button");
    button.type = "button";
    button.className = "button media-play";
    button.textContent = link.dataset.playLabel;
    button.addEventListener("click", function () {
      play(preview, link);
    });
    // The link stays, to open them on the provider's site instead.
    link.classList.remove("button");
    link.before(button);
  });
})();
