/* The offer form: language tabs that switch in the page (nothing typed is lost), placeholder
   buttons that insert at the cursor, and A/B control arms that show none of the pop-up's fields. */
(function () {
  "use strict";

  function rowOf(element) {
    return element.closest(".form-row") || element.parentElement;
  }

  function showLanguage(tabs, code) {
    tabs.querySelectorAll("[data-language]").forEach(function (tab) {
      var current = tab.dataset.language === code;
      tab.classList.toggle("current", current);
      tab.setAttribute("aria-selected", current ? "true" : "false");
    });
    document.querySelectorAll("[data-upsell-language]").forEach(function (field) {
      rowOf(field).hidden = field.dataset.upsellLanguage !== code;
    });
  }

  function setUpTabs() {
    var tabs = document.querySelector(".upsell-language-tabs");
    if (!tabs) return;
    // A language whose texts have an error says so on its tab.
    document.querySelectorAll(".errors [data-upsell-language], .errors[data-upsell-language]")
      .forEach(function (field) {
        var tab = tabs.querySelector('[data-language="' + field.dataset.upsellLanguage + '"]');
        if (tab) tab.classList.add("has-errors");
      });
    tabs.addEventListener("click", function (event) {
      var tab = event.target.closest("[data-language]");
      if (tab) showLanguage(tabs, tab.dataset.language);
    });
    showLanguage(tabs, tabs.dataset.initial);
  }

  function insertPlaceholder(button) {
    var input = document.getElementById(button.dataset.target);
    if (!input) return;
    var text = button.dataset.insert;
    var start = input.selectionStart == null ? input.value.length : input.selectionStart;
    var end = input.selectionEnd == null ? start : input.selectionEnd;
    input.value = input.value.slice(0, start) + text + input.value.slice(end);
    input.focus();
    input.setSelectionRange(start + text.length, start + text.length);
    input.dispatchEvent(new Event("input", {bubbles: true}));
  }

  // A control arm shows no offer: its texts, discount, products and timing are hidden.
  function showControlArm(checkbox) {
    var arm = checkbox.closest(".inline-related");
    if (!arm) return;
    arm.querySelectorAll(".form-row").forEach(function (row) {
      if (!row.contains(checkbox)) row.hidden = checkbox.checked;
    });
  }

  function setUpControlArms() {
    document.querySelectorAll('input[name$="-is_control"]').forEach(showControlArm);
  }

  document.addEventListener("click", function (event) {
    var button = event.target.closest(".upsell-insert");
    if (button) {
      event.preventDefault();
      insertPlaceholder(button);
    }
  });
  document.addEventListener("change", function (event) {
    if (event.target.matches && event.target.matches('input[name$="-is_control"]')) {
      showControlArm(event.target);
    }
  });
  document.addEventListener("formset:added", setUpControlArms);
  document.addEventListener("DOMContentLoaded", function () {
    setUpTabs();
    setUpControlArms();
  });
})();
