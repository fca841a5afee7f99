/* The offer form: language tabs that switch in the page (nothing typed is lost), placeholder
   buttons that insert at the cursor, and A/B control arms that show none of the pop-up's fields.

   A text's row is shown only on its language's tab, and an arm's pop-up rows only while the arm
   is not a control group: both are worked out together for every row, so switching language
   never shows a control group's texts and un-ticking "control group" never shows another
   language's. */
(function () {
  "use strict";

  var CONTROL = 'input[name="is_control"], input[name$="-is_control"]';
  var currentLanguage = null;

  function rowOf(element) {
    return element.closest(".form-row") || element.parentElement;
  }

  // The "control group" box of the arm a row belongs to (an inline arm, or the arm's own page).
  function controlOf(row) {
    var arm = row.closest(".inline-related") || row.closest("form");
    return arm ? arm.querySelector(CONTROL) : null;
  }

  function refreshRow(row) {
    var text = row.querySelector("[data-upsell-language]");
    var otherLanguage = Boolean(
      text && currentLanguage && text.dataset.upsellLanguage !== currentLanguage
    );
    var control = row.querySelector("[data-upsell-arm-popup]") ? controlOf(row) : null;
    // A control group refused for its texts shows them, so that they can be emptied.
    var hideForControl = Boolean(control && control.checked && !control.closest(".errors"));
    row.hidden = otherLanguage || hideForControl;
  }

  function refreshRows(root) {
    var rows = new Set();
    (root || document).querySelectorAll("[data-upsell-language], [data-upsell-arm-popup]")
      .forEach(function (field) { rows.add(rowOf(field)); });
    rows.forEach(refreshRow);
  }

  function showLanguage(code) {
    currentLanguage = code;
    document.querySelectorAll(".upsell-language-tabs [data-language]").forEach(function (tab) {
      var current = tab.dataset.language === code;
      tab.classList.toggle("current", current);
      tab.setAttribute("aria-selected", current ? "true" : "false");
    });
    refreshRows(document);
  }

  function setUpTabs() {
    var bars = document.querySelectorAll(".upsell-language-tabs");
    if (!bars.length) return;
    // A language whose texts have an error says so on its tabs.
    document.querySelectorAll(".errors [data-upsell-language], .errors[data-upsell-language]")
      .forEach(function (field) {
        var selector = '[data-language="' + field.dataset.upsellLanguage + '"]';
        bars.forEach(function (bar) {
          var tab = bar.querySelector(selector);
          if (tab) tab.classList.add("has-errors");
        });
      });
    bars.forEach(function (bar) {
      bar.addEventListener("click", function (event) {
        var tab = event.target.closest("[data-language]");
        if (tab) showLanguage(tab.dataset.language);
      });
    });
    showLanguage(bars[0].dataset.initial);
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
    refreshRows(checkbox.closest(".inline-related") || checkbox.closest("form"));
  }

  document.addEventListener("click", function (event) {
    var button = event.target.closest(".upsell-insert");
    if (button) {
      event.preventDefault();
      insertPlaceholder(button);
    }
  });
  document.addEventListener("change", function (event) {
    if (event.target.matches && event.target.matches(CONTROL)) {
      showControlArm(event.target);
    }
  });
  // A new arm follows the tab shown and its own "control group" box.
  document.addEventListener("formset:added", function (event) {
    refreshRows(event.target instanceof Element ? event.target : document);
  });
  document.addEventListener("DOMContentLoaded", function () {
    setUpTabs();
    refreshRows(document);
  });
})();
