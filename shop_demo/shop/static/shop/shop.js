/* Hinata Market: the little JavaScript the demo shop needs. No dependencies. */
(function () {
  "use strict";

  function itemCount(cart) {
    return (cart.lines || []).reduce(function (n, line) { return n + Number(line.quantity || 0); }, 0);
  }

  // The upsell pop-up changed the cart on the server: show the new total and count at once, and
  // re-render pages that list the lines (cart, checkout) from the server.
  document.addEventListener("upsell:cart-updated", function (event) {
    var cart = event.detail || {};
    if (cart.total_display !== undefined) {
      document.querySelectorAll("[data-cart-total]").forEach(function (el) {
        el.textContent = cart.total_display;
      });
    }
    if (cart.lines) {
      document.querySelectorAll("[data-cart-count]").forEach(function (el) {
        el.textContent = String(itemCount(cart));
      });
    }
    if (document.body.hasAttribute("data-reload-on-cart-update")) {
      window.location.reload();
    }
  });

  // Quantity selectors in the cart submit their form as soon as they change.
  document.addEventListener("change", function (event) {
    var field = event.target;
    if (field.matches && field.matches("[data-autosubmit]") && field.form) {
      field.form.requestSubmit(field.form.querySelector("[data-update-cart]") || undefined);
    }
  });
})();
