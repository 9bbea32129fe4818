/* followup: the one bit of script the pages need beyond htmx: the Copy button. */
document.addEventListener("click", function (event) {
  var button = event.target.closest("[data-copy]");
  if (!button) return;
  var field = document.getElementById(button.getAttribute("data-copy"));
  if (!field) return;
  var subject = document.querySelector("input[name=subject]");
  var text = (subject ? "Subject: " + subject.value + "\n\n" : "") + field.value;
  navigator.clipboard.writeText(text).then(function () {
    button.textContent = "Copied";
    setTimeout(function () { button.textContent = "Copy"; }, 1500);
  });
});
