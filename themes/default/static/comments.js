// Click-to-load Discourse comments (`community: embed: true`): until the
// reader clicks the button, the page loads nothing from the forum. The
// click loads the forum's embed script, which shows the topic's comments
// for this page's address in an iframe. Without JavaScript the button
// stays hidden and the plain discussion link remains.
(function () {
  var box = document.querySelector(".discussion-embed");
  if (!box) return;
  var button = box.querySelector("button");
  button.hidden = false;
  button.addEventListener("click", function () {
    var forum = box.getAttribute("data-forum");
    window.DiscourseEmbed = {
      discourseUrl: forum,
      discourseEmbedUrl: box.getAttribute("data-url")
    };
    var target = document.createElement("div");
    target.id = "discourse-comments";
    box.replaceChild(target, button);
    var s = document.createElement("script");
    s.async = true;
    s.src = forum + "javascripts/embed.js";
    document.head.appendChild(s);
  });
})();
