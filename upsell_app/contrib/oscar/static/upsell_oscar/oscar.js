/* django-upsell on oscar's pages (loaded by {% upsell_oscar_widget %}). */
(function () {
  "use strict";
  // oscar renders basket totals on the server: after an accepted offer, show the new totals.
  document.addEventListener("upsell:cart-updated", function () {
    window.location.reload();
  });
  // oscar's basket page changes lines in place: its JSON answer carries the moment the server
  // noted (an item removed), played here as a page load would.
  if (window.jQuery) {
    window.jQuery(document).ajaxSuccess(function (event, xhr) {
      var moment = xhr.responseJSON && xhr.responseJSON.upsell_moment;
      if (moment && window.Upsell) {
        window.Upsell.trigger(moment.trigger, {productId: moment.product_id});
      }
    });
  }
})();
