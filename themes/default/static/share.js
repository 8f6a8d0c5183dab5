// Progressive enhancement for the share links: shows one button that opens
// the system share sheet (navigator.share) or, without it, copies the link.
// Without JavaScript the button stays hidden; the plain links still work.
(function () {
  var button = document.querySelector(".share-native");
  if (!button) return;
  var url = button.getAttribute("data-url");
  var title = button.getAttribute("data-title");
  if (navigator.share) {
    button.hidden = false;
    button.addEventListener("click", function () {
      navigator.share({ title: title, url: url }).catch(function () {});
    });
  } else if (navigator.clipboard && window.isSecureContext) {
    button.textContent = button.getAttribute("data-copy");
    button.hidden = false;
    button.addEventListener("click", function () {
      navigator.clipboard.writeText(url).then(function () {
        button.textContent = button.getAttribute("data-copied");
      });
    });
  }
})();
