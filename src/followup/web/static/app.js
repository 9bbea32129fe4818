/* followup: the bits of script the pages need beyond htmx: the Copy button, and an invitation dropped on an application. */
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

/* An invitation (.ics) dropped on its form is sent as if chosen with the file field;
   without script the field and its button do the same. */
document.addEventListener("dragover", function (event) {
  var zone = event.target.closest && event.target.closest("[data-drop-ics]");
  if (!zone) return;
  event.preventDefault();
  zone.classList.add("over");
});
document.addEventListener("dragleave", function (event) {
  var zone = event.target.closest && event.target.closest("[data-drop-ics]");
  if (zone) zone.classList.remove("over");
});
document.addEventListener("drop", function (event) {
  var zone = event.target.closest && event.target.closest("[data-drop-ics]");
  if (!zone || !event.dataTransfer || !event.dataTransfer.files.length) return;
  event.preventDefault();
  zone.querySelector("input[type=file]").files = event.dataTransfer.files;
  zone.submit();
});
