// The GOV.UK error summary (templates/includes/form_errors.html): when a page shows one, the focus moves
// to it so keyboard and screen reader users hear what is wrong; a link in it moves the focus to the field.
(function () {
  "use strict";

  function focusField(event) {
    var id = (event.currentTarget.getAttribute("href") || "").slice(1);
    var field = id && document.getElementById(id);
    if (!field) {
      return;
    }
    event.preventDefault();
    var group = field.closest("fieldset") || field.closest(".mb-3") || field;
    group.scrollIntoView();
    field.focus({ preventScroll: true });
  }

  document.addEventListener("DOMContentLoaded", function () {
    var summary = document.querySelector("[data-error-summary]");
    if (!summary) {
      return;
    }
    summary.focus();
    summary.querySelectorAll("a[href^='#']").forEach(function (link) {
      link.addEventListener("click", focusField);
    });
  });
})();
