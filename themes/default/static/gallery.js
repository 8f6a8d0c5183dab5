// Gallery lightbox: opens the full-size image in a <dialog> with previous/
// next and keyboard arrows. Without JavaScript every thumbnail simply links
// to its full-size image.
(function () {
  "use strict";
  var dialog = document.querySelector(".lightbox");
  if (!dialog || !dialog.showModal) return;
  var links = Array.prototype.slice.call(document.querySelectorAll("a[data-gallery]"));
  var caption = dialog.querySelector(".lightbox-caption");
  var img = document.createElement("img");
  dialog.insertBefore(img, caption);
  var current = 0;
  function show(i) {
    current = (i + links.length) % links.length;
    var link = links[current], thumb = link.querySelector("img");
    var fig = link.parentNode.querySelector("figcaption");
    img.src = link.href;
    img.alt = thumb ? thumb.alt : "";
    caption.textContent = fig ? fig.textContent : "";
  }
  links.forEach(function (link, i) {
    link.addEventListener("click", function (e) {
      e.preventDefault();
      show(i);
      dialog.showModal();
    });
  });
  dialog.addEventListener("click", function (e) {
    var step = e.target.getAttribute("data-step");
    if (step) show(current + Number(step));
    else if (e.target.hasAttribute("data-close") || e.target === dialog) dialog.close();
  });
  dialog.addEventListener("keydown", function (e) {
    // In a right-to-left page the next image is to the left.
    var forward = getComputedStyle(dialog).direction === "rtl" ? "ArrowLeft" : "ArrowRight";
    var back = forward === "ArrowLeft" ? "ArrowRight" : "ArrowLeft";
    if (e.key === forward) show(current + 1);
    if (e.key === back) show(current - 1);
  });
})();
