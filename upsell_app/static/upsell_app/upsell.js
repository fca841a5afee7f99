/*
 * django-upsell pop-up. No dependencies, no build step (ES2019+).
 *
 * Reads its config from <script id="upsell-config" type="application/json"> (rendered by
 * {% upsell_widget %}) and shows the page's offer in an accessible modal dialog: the offer the
 * server decided while rendering the page (config.decided, config.offer), or, for a page left
 * to the widget, the one the shop's API answers for the page's moment. Every text from the
 * server is inserted as text, never as HTML.
 *
 * Public API:  window.Upsell.trigger("add_to_cart", {productId: 5})  -> Promise<offer | null>
 *              (for a storefront driven by its own JSON: call it after the shop's server has
 *              sent the moment's signal; "add_to_cart" and "item_removed" need productId, and
 *              an unknown moment or a missing id rejects with an Error, also logged to the
 *              console, rather than answering nothing)
 *              window.Upsell.close()   window.Upsell.isOpen()   window.Upsell.isLoading()
 * Events:      "upsell:cart-updated" (detail: the cart) after an accepted offer or its Undo,
 *              "upsell:page-refreshed" (detail: {ids}) after [data-upsell-refresh] regions were
 *              fetched again (server-rendered parts of the page that show the cart); with
 *              after_accept="reload" the page reloads instead,
 *              "upsell:shown" / "upsell:closed" (detail: {offerId, kind, action}).
 * Also:        the "Add to cart" buttons of {% upsell_spend_nudge %} (the spend-threshold nudge
 *              on the cart page) accept their item like a pop-up's choice.
 */
(function () {
  "use strict";

  if (window.Upsell && window.Upsell.version) return; // the tag was rendered twice

  const TRIGGERS = ["add_to_cart", "cart_view", "checkout_start", "item_removed", "order_completed"];
  const RETRIES = 2; // extra attempts for one click when the network or the server fails
  let config = null;
  let current = null; // the open pop-up's state
  let loading = false;
  let sequence = 0;

  // -- small helpers ---------------------------------------------------------------------------
  function readConfig() {
    const node = document.getElementById("upsell-config");
    if (!node) return null;
    try {
      return JSON.parse(node.textContent);
    } catch (error) {
      return null;
    }
  }

  function label(key) {
    const labels = (config && config.labels) || {};
    return typeof labels[key] === "string" ? labels[key] : "";
  }

  function fill(text, values) {
    return text.replace(/\{(\w+)\}/g, (match, name) => (name in values ? String(values[name]) : match));
  }

  /** createElement with attributes; "text" sets textContent, so data never becomes markup. */
  function el(tag, attrs, children) {
    const node = document.createElement(tag);
    Object.entries(attrs || {}).forEach(([name, value]) => {
      if (value === null || value === undefined || value === false) return;
      if (name === "class") node.className = value;
      else if (name === "text") node.textContent = String(value);
      else node.setAttribute(name, value === true ? "" : String(value));
    });
    [].concat(children || []).forEach((child) => {
      if (child) node.appendChild(child);
    });
    return node;
  }

  function cookie(name) {
    const found = document.cookie.split("; ").find((part) => part.startsWith(name + "="));
    return found ? decodeURIComponent(found.slice(name.length + 1)) : "";
  }

  function csrfToken() {
    return (config && config.csrfToken) || cookie("csrftoken");
  }

  function newIdempotencyKey() {
    if (window.crypto && typeof window.crypto.randomUUID === "function") {
      return window.crypto.randomUUID();
    }
    // randomUUID needs a secure context; getRandomValues does not (plain-http intranet shops).
    const bytes = window.crypto.getRandomValues(new Uint8Array(16));
    bytes[6] = (bytes[6] & 0x0f) | 0x40;
    bytes[8] = (bytes[8] & 0x3f) | 0x80;
    const hex = Array.from(bytes, (b) => b.toString(16).padStart(2, "0")).join("");
    return [hex.slice(0, 8), hex.slice(8, 12), hex.slice(12, 16), hex.slice(16, 20), hex.slice(20)].join("-");
  }

  function offerUrl(offerId, action) {
    const base = config.offersUrl.endsWith("/") ? config.offersUrl : config.offersUrl + "/";
    return base + encodeURIComponent(offerId) + "/" + action + "/";
  }

  function errorDetail(data) {
    if (!data || typeof data !== "object") return "";
    if (typeof data.detail === "string") return data.detail;
    // DRF field errors: {"field": ["message"]}; show the first message.
    for (const value of Object.values(data)) {
      if (typeof value === "string") return value;
      if (Array.isArray(value) && typeof value[0] === "string") return value[0];
    }
    return "";
  }

  async function postJson(url, body, headers, keepalive) {
    try {
      const response = await fetch(url, {
        method: "POST",
        credentials: "same-origin",
        keepalive: Boolean(keepalive),
        headers: Object.assign(
          {"Content-Type": "application/json", Accept: "application/json", "X-CSRFToken": csrfToken()},
          headers || {}
        ),
        body: JSON.stringify(body || {}),
      });
      let data = null;
      try {
        data = await response.json();
      } catch (error) {
        data = null;
      }
      return {ok: response.ok, status: response.status, data: data, retry: response.status >= 500};
    } catch (error) {
      return {ok: false, status: 0, data: null, retry: true};
    }
  }

  function sleep(ms) {
    return new Promise((resolve) => setTimeout(resolve, ms));
  }

  function announce(text) {
    const status = document.querySelector("[data-upsell-status]");
    if (status) status.textContent = text;
  }

  function emit(name, detail) {
    document.dispatchEvent(new CustomEvent(name, {detail: detail}));
  }

  // -- building the dialog ---------------------------------------------------------------------
  function image(choice) {
    if (!choice.image_url) {
      return el("span", {class: "upsell-image upsell-image-empty", "aria-hidden": "true", text: (choice.title || "?").charAt(0)});
    }
    const img = el("img", {class: "upsell-image", src: choice.image_url, alt: "", loading: "lazy", decoding: "async"});
    img.addEventListener("error", () => {
      img.replaceWith(el("span", {class: "upsell-image upsell-image-empty", "aria-hidden": "true", text: (choice.title || "?").charAt(0)}));
    });
    return img;
  }

  function priceLine(choice, kind) {
    const prices = el("span", {class: "upsell-prices"}, [
      el("span", {class: "upsell-price", text: choice.price_display}),
    ]);
    if (choice.original_price_display && choice.original_price_display !== choice.price_display) {
      prices.appendChild(
        el("s", {class: "upsell-original"}, [
          el("span", {class: "upsell-sr-only", text: label("regularPrice") + " "}),
          document.createTextNode(choice.original_price_display),
        ])
      );
    }
    const badges = el("span", {class: "upsell-badges"});
    const showDifference = kind === "upsell" || (kind === "downsell" && !choice.saving_display);
    if (showDifference && choice.difference_display) {
      badges.appendChild(
        el("span", {class: "upsell-badge upsell-badge-difference"}, [
          el("span", {class: "upsell-sr-only", text: label("difference") + " "}),
          document.createTextNode(choice.difference_display),
        ])
      );
    }
    if (choice.saving_display) {
      badges.appendChild(
        el("span", {class: "upsell-badge upsell-badge-saving", text: fill(label("saving"), {amount: choice.saving_display})})
      );
    }
    return [prices, badges.childNodes.length ? badges : null];
  }

  function choiceCard(choice, kind) {
    const text = el("span", {class: "upsell-choice-text"}, [
      // "Often bought together": the product page's own product, listed first.
      choice.anchor ? el("span", {class: "upsell-this-item", text: label("thisItem")}) : null,
      el("span", {class: "upsell-choice-title", text: choice.title}),
    ]);
    if ((kind === "upsell" || kind === "downsell") && choice.source_title) {
      text.appendChild(el("span", {class: "upsell-choice-source", text: fill(label("insteadOf"), {title: choice.source_title})}));
    }
    priceLine(choice, kind).forEach((node) => node && text.appendChild(node));
    return el("span", {class: "upsell-choice"}, [image(choice), text]);
  }

  function choicesSection(state) {
    const {offer, ids} = state;
    const choices = offer.choices;
    if (offer.kind === "bundle") {
      // The set's items are listed (as text) in the bundle section; pictures only here.
      return el("div", {class: "upsell-bundle-pictures", "aria-hidden": "true"}, choices.map(image));
    }
    if (choices.length === 1) return el("div", {class: "upsell-single"}, [choiceCard(choices[0], offer.kind)]);
    if (offer.multiple) return multiPickSection(state);
    const legend = el("legend", {class: "upsell-legend", text: label("chooseOne")});
    const options = choices.map((choice, index) => {
      const input = el("input", {type: "radio", name: ids.base + "-choice", value: String(index), class: "upsell-radio"});
      input.checked = false; // nothing pre-selected: the shopper picks, always
      input.addEventListener("change", () => select(state, choice));
      return el("label", {class: "upsell-option"}, [input, choiceCard(choice, offer.kind)]);
    });
    return el("fieldset", {class: "upsell-choices"}, [legend].concat(options));
  }

  // A cross-sell with several choices: tick any of them (none ticked first); each links to its
  // product page and says its own value; the live totals come priced from the server.
  function multiPickSection(state) {
    const {offer, ids} = state;
    const legend = el("legend", {class: "upsell-legend", text: label("chooseAny")});
    const options = offer.choices.map((choice, index) => {
      const inputId = ids.base + "-pick-" + index;
      // In the page the offer's own message is already above the list: not said again per item.
      const message = state.host && choice.message === offer.message ? "" : choice.message;
      const messageId = message ? inputId + "-message" : null;
      const input = el("input", {type: "checkbox", id: inputId, value: String(index), class: "upsell-check", "aria-describedby": messageId});
      // Nothing pre-ticked in a pop-up: the shopper picks, always. An in-page "often bought
      // together" shows the set ticked; nothing is added until its button is pressed.
      input.checked = state.picked.has(index);
      input.addEventListener("change", () => togglePick(state, index, input.checked));
      const extras = el("div", {class: "upsell-pick-extras"}, [
        message ? el("p", {class: "upsell-choice-message", id: messageId, text: message}) : null,
        choice.url && !choice.anchor
          ? el("a", {class: "upsell-choice-link", href: choice.url}, [
              document.createTextNode(label("productPage")),
              el("span", {class: "upsell-sr-only", text: ": " + choice.title}),
            ])
          : null,
      ]);
      return el("li", {class: "upsell-option upsell-pick"}, [
        input,
        el("label", {for: inputId, class: "upsell-pick-label"}, [choiceCard(choice, offer.kind)]),
        extras,
      ]);
    });
    state.live = el("p", {class: "upsell-live-total", "aria-live": "polite", "aria-atomic": "true"});
    return el("fieldset", {class: "upsell-choices upsell-picks"}, [
      legend,
      el("ul", {class: "upsell-pick-list"}, options),
      state.live,
    ]);
  }

  function pickMask(state) {
    return Array.from(state.picked).reduce((mask, index) => mask | (1 << index), 0);
  }

  function renderLiveTotal(state) {
    if (!state.live) return;
    const selection = state.offer.selection || {};
    const totals = selection.totals || [];
    const row = totals[pickMask(state)];
    state.live.textContent = "";
    if (!state.picked.size || !row) {
      state.live.textContent = selection.none_label || label("chooseSome");
      return;
    }
    const parts = [el("span", {class: "upsell-live-picked"}, [
      document.createTextNode(selection.picked_label + ": "),
      el("strong", {text: row.picked_display}),
    ])];
    if (row.cart_total_display) {
      parts.push(el("span", {class: "upsell-live-cart"}, [
        document.createTextNode(selection.cart_total_label + ": "),
        el("strong", {text: row.cart_total_display}),
      ]));
    }
    parts.forEach((node) => state.live.appendChild(node));
  }

  function togglePick(state, index, on) {
    noteClick(state);
    if (on) state.picked.add(index);
    else state.picked.delete(index);
    showPicks(state);
  }

  function showPicks(state) {
    const choices = state.offer.choices;
    state.selected = state.picked.size ? choices[Math.min.apply(null, Array.from(state.picked))] : null;
    const count = state.picked.size;
    const picked = state.together ? label("addSelected") : fill(label("addPicked"), {count: count});
    const text = count ? picked || state.offer.accept_label : state.offer.accept_label;
    state.acceptButton.dataset.label = text;
    if (!state.busy) state.acceptButton.textContent = text;
    state.acceptButton.disabled = state.busy || !count;
    if (count) state.acceptButton.removeAttribute("aria-describedby");
    else state.acceptButton.setAttribute("aria-describedby", state.ids.hint);
    state.hint.hidden = Boolean(count);
    showError(state, "");
    renderLiveTotal(state);
  }

  function bundleSection(bundle) {
    const summary = el("dl", {class: "upsell-summary"}, [
      el("div", null, [
        el("dt", {text: label("bundleListPrice")}),
        el("dd", null, [el("s", {text: bundle.list_price_display})]),
      ]),
      el("div", {class: "upsell-summary-total"}, [
        el("dt", {text: label("bundlePrice")}),
        el("dd", null, [
          el("span", {class: "upsell-price", text: bundle.package_price_display}),
          bundle.saving_display
            ? el("span", {class: "upsell-badge upsell-badge-saving", text: fill(label("saving"), {amount: bundle.saving_display})})
            : null,
        ]),
      ]),
    ]);
    return el("section", {class: "upsell-bundle"}, [
      el("h3", {class: "upsell-subtitle", text: label("bundleItems")}),
      el("ul", {class: "upsell-bundle-items"}, (bundle.items || []).map((item) => el("li", {text: item}))),
      summary,
    ]);
  }

  /** The lang attribute for a text in `language`: set only where it differs from the dialog's. */
  function langOf(language) {
    return language && language !== (config.language || "") ? language : null;
  }

  function subscriptionSection(subscription, ids) {
    return el("section", {class: "upsell-terms-section", "aria-labelledby": ids.terms}, [
      el("h3", {class: "upsell-subtitle", id: ids.terms, text: label("subscriptionTerms")}),
      el("dl", {class: "upsell-terms"}, (subscription.terms || []).map((term) =>
        el("div", {class: "upsell-term", "data-term": term.key}, [
          el("dt", {text: term.label}),
          el("dd", {text: term.value, lang: langOf(term.lang)}),
        ])
      )),
      el("p", {class: "upsell-note", text: label("subscriptionNote")}),
    ]);
  }

  function closeIcon() {
    const ns = "http://www.w3.org/2000/svg";
    const svg = document.createElementNS(ns, "svg");
    svg.setAttribute("viewBox", "0 0 24 24");
    svg.setAttribute("aria-hidden", "true");
    svg.setAttribute("focusable", "false");
    const path = document.createElementNS(ns, "path");
    path.setAttribute("d", "M6 6l12 12M18 6L6 18");
    svg.appendChild(path);
    return svg;
  }

  function build(state) {
    const {offer, ids} = state;
    const kindLabel = (config.labels && config.labels.kinds && config.labels.kinds[offer.kind]) || "";
    const languages = offer.languages || {};
    const title = el("h2", {class: "upsell-title", id: ids.title, tabindex: "-1", text: offer.headline, lang: langOf(languages.headline)});
    const body = el("div", {class: "upsell-body", role: "region", "aria-label": label("details")}, [
      offer.message ? el("p", {class: "upsell-message", id: ids.message, text: offer.message, lang: langOf(languages.message)}) : null,
      offer.reason ? el("p", {class: "upsell-reason", text: offer.reason}) : null,
      offer.choices.length ? choicesSection(state) : null,
      offer.bundle ? bundleSection(offer.bundle) : null,
      offer.subscription ? subscriptionSection(offer.subscription, ids) : null,
      // The thank-you offer says where it goes: into the order just placed, or a new order.
      offer.order ? el("p", {class: "upsell-order-notice", "data-joins-order": offer.order.joins ? "true" : "false", text: offer.order.text}) : null,
    ]);
    const acceptText = (offer.subscription && offer.subscription.consent_label) || offer.accept_label;
    state.error = el("p", {class: "upsell-error", role: "alert"});
    state.hint = el("p", {class: "upsell-hint", id: ids.hint, text: label("chooseFirst")});
    state.termsHint = el("p", {class: "upsell-hint upsell-terms-hint", id: ids.termsHint, text: label("readTerms")});
    state.acceptButton = el("button", {type: "button", class: "upsell-button upsell-accept", text: acceptText});
    state.acceptButton.dataset.label = acceptText;
    state.declineButton = el("button", {type: "button", class: "upsell-button upsell-decline", text: offer.decline_label});
    const close = el("button", {type: "button", class: "upsell-close", "aria-label": label("close"), title: label("close")}, [
      closeIcon(),
    ]);
    const panel = el("div", {class: "upsell-panel"}, [
      el("div", {class: "upsell-header"}, [
        kindLabel ? el("p", {class: "upsell-eyebrow", text: kindLabel}) : null,
        title,
      ]),
      close,
      body,
      el("div", {class: "upsell-footer"}, [
        state.error,
        state.hint,
        state.termsHint,
        el("div", {class: "upsell-actions"}, [state.declineButton, state.acceptButton]),
      ]),
    ]);
    const dialog = el("dialog", {
      class: "upsell-dialog",
      "data-kind": offer.kind,
      "data-offer-id": offer.id,
      "aria-labelledby": ids.title,
      "aria-describedby": offer.message ? ids.message : null,
      lang: config.language || null,
    }, [panel]);

    close.addEventListener("click", () => finish(state, "dismiss"));
    state.declineButton.addEventListener("click", () => finish(state, "decline"));
    state.acceptButton.addEventListener("click", () => accept(state));
    dialog.addEventListener("cancel", (event) => {
      event.preventDefault(); // Esc: we close it ourselves, after recording the dismissal
      finish(state, "dismiss");
    });
    dialog.addEventListener("close", () => finish(state, "dismiss"));
    // A click on the backdrop (the dialog box itself, outside the panel) dismisses; a drag that
    // only ends there, e.g. while selecting text, does not.
    let pressedOnBackdrop = false;
    dialog.addEventListener("mousedown", (event) => {
      pressedOnBackdrop = event.target === dialog;
    });
    dialog.addEventListener("click", (event) => {
      if (event.target === dialog && pressedOnBackdrop) finish(state, "dismiss");
    });
    if (typeof dialog.showModal !== "function") {
      // Old browsers: an ARIA dialog with our own Esc handling.
      dialog.setAttribute("role", "dialog");
      dialog.setAttribute("aria-modal", "true");
      dialog.addEventListener("keydown", (event) => {
        if (event.key === "Escape") finish(state, "dismiss");
      });
    }
    state.title = title;
    state.body = body;
    return dialog;
  }

  // -- terms in view before consent ------------------------------------------------------------
  // 特定商取引法 12条の6: a subscription's accept button works only once every term has been in
  // view (its top and its bottom inside the scroll box, above the buttons), at any screen size.
  function watchTerms(state) {
    state.termsPending = Array.from(state.dialog.querySelectorAll(".upsell-term")).map((node) => ({node: node}));
    state.termsRead = state.termsPending.length === 0;
    const check = () => checkTerms(state);
    state.body.addEventListener("scroll", check, {passive: true});
    window.addEventListener("resize", check);
    state.stopWatching = () => window.removeEventListener("resize", check);
    check();
    // Fonts and images may still change the layout after opening.
    requestAnimationFrame(check);
    setTimeout(check, 300);
  }

  function checkTerms(state) {
    updateScrollable(state);
    if (state.termsRead || state.closed) return;
    const box = state.body.getBoundingClientRect();
    state.termsPending = state.termsPending.filter((term) => {
      const rect = term.node.getBoundingClientRect();
      const topIn = rect.top >= box.top - 1 && rect.top < box.bottom;
      const bottomIn = rect.bottom <= box.bottom + 1 && rect.bottom > box.top;
      if (rect.height <= box.height + 1) {
        if (topIn && bottomIn) term.top = term.bottom = true; // wholly in view at once
      } else {
        // Taller than the box (a long text on a small screen): its start and its end, in turn.
        term.top = term.top || topIn;
        term.bottom = term.bottom || bottomIn;
      }
      if (term.top && term.bottom) term.node.setAttribute("data-read", "");
      return !(term.top && term.bottom);
    });
    if (state.termsPending.length) return;
    state.termsRead = true;
    state.termsHint.hidden = true;
    updateAccept(state);
  }

  // A box that scrolls must be reachable by keyboard (arrow keys scroll it once focused).
  function updateScrollable(state) {
    if (state.body.scrollHeight > state.body.clientHeight + 1) state.body.setAttribute("tabindex", "0");
    else state.body.removeAttribute("tabindex");
  }

  function updateAccept(state) {
    const ready = Boolean(state.selected) && state.termsRead !== false;
    state.acceptButton.disabled = state.busy || !ready;
    const reason = !state.selected ? state.ids.hint : state.termsRead === false ? state.ids.termsHint : null;
    if (reason) state.acceptButton.setAttribute("aria-describedby", reason);
    else state.acceptButton.removeAttribute("aria-describedby");
  }

  // -- behaviour -------------------------------------------------------------------------------
  // A click is the first sign of interest; counted once per pop-up (never in the admin preview).
  function noteClick(state) {
    if (state.clicked || state.preview || !config || !config.eventsUrl) return;
    state.clicked = true;
    postJson(config.eventsUrl, {type: "click", offer_id: state.offer.id, trigger: state.offer.trigger || ""}, null, true);
  }

  function select(state, choice) {
    noteClick(state);
    state.selected = choice;
    updateAccept(state);
    state.hint.hidden = true;
    showError(state, "");
  }

  function showError(state, text) {
    state.error.textContent = text;
    state.error.hidden = !text;
  }

  function setBusy(state, busy) {
    state.busy = busy;
    state.acceptButton.disabled = busy || !state.selected || state.termsRead === false;
    state.declineButton.disabled = busy;
    state.acceptButton.setAttribute("aria-busy", busy ? "true" : "false");
    state.acceptButton.textContent = busy ? label("working") || state.acceptButton.dataset.label : state.acceptButton.dataset.label;
  }

  function open(offer, preview) {
    const base = "upsell-" + ++sequence;
    const ids = {
      base: base, title: base + "-title", message: base + "-message", hint: base + "-hint", terms: base + "-terms",
      termsHint: base + "-terms-hint",
    };
    const state = {
      offer: Object.assign({choices: []}, offer, {choices: Array.isArray(offer.choices) ? offer.choices : []}),
      ids: ids,
      selected: null,
      busy: false,
      closed: false,
      idempotencyKey: null,
      keyFor: null,
      returnTo: document.activeElement,
      preview: Boolean(preview),
      clicked: false,
      picked: new Set(),
      live: null,
    };
    const multiple = state.offer.kind !== "bundle" && state.offer.choices.length > 1;
    if (!multiple) state.selected = state.offer.choices[0] || null; // still needs the button press
    state.offer.multiple = Boolean(state.offer.multiple) && multiple;
    const dialog = build(state);
    if (state.offer.multiple) {
      state.hint.textContent = label("chooseSome");
      renderLiveTotal(state);
    }
    state.dialog = dialog;
    state.hint.hidden = Boolean(state.selected);
    state.termsRead = true;
    updateAccept(state);
    showError(state, "");

    const root = document.querySelector("[data-upsell-root]") || document.body;
    root.appendChild(dialog);
    current = state;
    document.documentElement.classList.add("upsell-open");
    if (typeof dialog.showModal === "function") dialog.showModal();
    else dialog.setAttribute("open", "");
    state.title.focus({preventScroll: true}); // start at the top: headline, then terms, then buttons
    watchTerms(state);
    state.termsHint.hidden = state.termsRead;
    updateAccept(state);
    emit("upsell:shown", {offerId: offer.id, kind: offer.kind});
  }

  function finish(state, action) {
    if (state.closed) return;
    state.closed = true;
    if ((action === "decline" || action === "dismiss") && !state.preview) {
      // Fire and forget: the shopper is not kept waiting for the server to note a "no".
      postJson(offerUrl(state.offer.id, action), {}, null, true);
    }
    const dialog = state.dialog;
    if (state.host) {
      // In the page: the offer leaves its place; focus stays there rather than on the body.
      const hadFocus = dialog.contains(document.activeElement);
      dialog.remove();
      if (hadFocus) {
        state.host.setAttribute("tabindex", "-1");
        state.host.focus({preventScroll: true});
      }
      emit("upsell:closed", {offerId: state.offer.id, kind: state.offer.kind, action: action, placement: "page"});
      return;
    }
    if (dialog.open && typeof dialog.close === "function") dialog.close();
    dialog.remove();
    if (current === state) current = null;
    if (state.stopWatching) state.stopWatching();
    document.documentElement.classList.remove("upsell-open");
    const back = state.returnTo;
    if (back && back !== document.body && document.contains(back) && typeof back.focus === "function") {
      back.focus({preventScroll: true});
    }
    emit("upsell:closed", {offerId: state.offer.id, kind: state.offer.kind, action: action});
  }

  async function accept(state) {
    if (state.busy || !state.selected || state.closed || state.termsRead === false) return;
    if (state.preview) {
      showError(state, label("previewNote"));
      return;
    }
    noteClick(state);
    const choice = state.selected;
    const picks = state.offer.multiple
      ? Array.from(state.picked).sort((a, b) => a - b).map((index) => state.offer.choices[index])
      : null;
    const intent = picks
      ? "picks:" + picks.map((pick) => String(pick.product_id)).join(",")
      : String(choice.product_id) + ":" + String(choice.line_id);
    // One key per accept intent; a repeated click after a failed request is the same intent,
    // so the server can tell a retry from a second purchase.
    if (!state.idempotencyKey || state.keyFor !== intent) {
      state.idempotencyKey = newIdempotencyKey();
      state.keyFor = intent;
    }
    let body = {quote: choice.quote};
    if (picks) {
      body = {picks: picks.map((pick) => ({product_id: pick.product_id, quote: pick.quote}))};
    } else {
      if (state.offer.kind !== "bundle" && choice.product_id !== null && choice.product_id !== undefined) {
        body.product_id = choice.product_id;
      }
      if (choice.line_id) body.line_id = choice.line_id;
      // The terms as shown: the server checks they are still the same and keeps them as proof.
      if (state.offer.subscription && state.offer.subscription.terms_digest) {
        body.terms_digest = state.offer.subscription.terms_digest;
      }
    }
    showError(state, "");
    setBusy(state, true);
    let result = null;
    for (let attempt = 0; attempt <= RETRIES; attempt += 1) {
      if (attempt) await sleep(500 * attempt);
      result = await postJson(offerUrl(state.offer.id, "accept"), body, {"Idempotency-Key": state.idempotencyKey});
      if (!result.retry) break;
    }
    if (result.ok && result.data) {
      state.idempotencyKey = null;
      emit("upsell:cart-updated", result.data.cart);
      if (result.data.order) emit("upsell:order-updated", result.data.order);
      refreshRegions();
      announce(label("cartUpdated"));
      finish(state, "accept");
      // A shop that asked for it redraws its server-rendered page; otherwise the confirmation.
      if ((state.afterAccept || config.afterAccept) === "reload") window.location.reload();
      else if (result.data.confirmation) showToast(result.data.confirmation);
      return;
    }
    if (state.closed) return;
    setBusy(state, false);
    // Disabling the button while it ran dropped keyboard focus; give it back for the next try.
    if (!state.dialog.contains(document.activeElement)) state.acceptButton.focus();
    if (!result.retry) state.idempotencyKey = null; // the server answered: a new click is a new intent
    let text = errorDetail(result.data);
    if (!text) text = result.status === 0 ? label("errorNetwork") : label("errorGeneric");
    showError(state, text);
  }

  // -- after an accept: a confirmation with the new total, and Undo ----------------------------
  // Shown outside the dialog (the shop page stays usable), announced to screen readers, and kept
  // until the shopper closes it; Undo goes once the server's undo window has passed.
  let toast = null;

  function closeToast() {
    if (!toast) return;
    if (toast.timer) clearTimeout(toast.timer);
    toast.node.remove();
    toast = null;
  }

  function showToast(confirmation) {
    closeToast();
    const message = el("p", {class: "upsell-confirmation-message", text: confirmation.message});
    const total = el("p", {class: "upsell-confirmation-total"}, [
      document.createTextNode(confirmation.total_label + ": "),
      el("strong", {text: confirmation.total_display}),
    ]);
    const status = el("div", {class: "upsell-confirmation-text"}, [message, total]);
    const close = el("button", {type: "button", class: "upsell-toast-close", "aria-label": label("close"), title: label("close")}, [closeIcon()]);
    const actions = el("div", {class: "upsell-toast-actions"});
    const node = el("section", {class: "upsell-toast", "aria-label": label("confirmTitle"), lang: config.language || null}, [
      el("div", {class: "upsell-confirmation", role: "status", "aria-live": "polite", "aria-atomic": "true"}),
      actions,
      close,
    ]);
    const live = node.firstChild;
    const root = document.querySelector("[data-upsell-root]") || document.body;
    root.appendChild(node);
    toast = {node: node, live: live, actions: actions, timer: null};
    close.addEventListener("click", closeToast);
    // Filled after insertion, so assistive technology announces it as a change.
    window.setTimeout(() => {
      if (toast && toast.node === node) live.appendChild(status);
    }, 50);
    const undo = confirmation.undo;
    if (undo && undo.url) {
      const button = el("button", {type: "button", class: "upsell-button upsell-undo", text: undo.label});
      button.addEventListener("click", () => undoAccept(undo, button));
      actions.appendChild(button);
      const ms = Date.parse(undo.expires_at) - Date.now();
      toast.timer = setTimeout(() => button.remove(), Number.isFinite(ms) ? Math.max(0, ms) : (undo.seconds || 0) * 1000);
    }
    return node;
  }

  function replaceToastText(confirmation) {
    if (!toast) return;
    toast.live.textContent = "";
    toast.live.appendChild(el("div", {class: "upsell-confirmation-text"}, [
      el("p", {class: "upsell-confirmation-message", text: confirmation.message}),
      el("p", {class: "upsell-confirmation-total"}, [
        document.createTextNode(confirmation.total_label + ": "),
        el("strong", {text: confirmation.total_display}),
      ]),
    ]));
  }

  async function undoAccept(undo, button) {
    if (button.disabled) return;
    button.disabled = true;
    button.setAttribute("aria-busy", "true");
    button.textContent = label("undoWorking") || undo.label;
    let result = null;
    for (let attempt = 0; attempt <= RETRIES; attempt += 1) {
      if (attempt) await sleep(500 * attempt);
      result = await postJson(undo.url, {});
      if (!result.retry) break;
    }
    if (result.ok && result.data) {
      emit("upsell:cart-updated", result.data.cart);
      refreshRegions();
      button.remove();
      replaceToastText(result.data.confirmation);
      return;
    }
    button.disabled = false;
    button.setAttribute("aria-busy", "false");
    button.textContent = undo.label;
    let text = errorDetail(result.data);
    if (!text) text = result.status === 0 ? label("errorNetwork") : label("errorGeneric");
    if (result.data && result.data.code === "undo_expired") button.remove();
    replaceToastText({message: text, total_label: "", total_display: ""});
  }

  // Server-rendered parts of the shop's page marked data-upsell-refresh (each with an id) are
  // fetched again after the cart changed, so the page shows the new cart without a reload.
  async function refreshRegions() {
    const regions = Array.from(document.querySelectorAll("[data-upsell-refresh][id]"));
    if (!regions.length) return;
    let html = "";
    try {
      const response = await fetch(window.location.href, {credentials: "same-origin", headers: {Accept: "text/html", "X-Upsell-Refresh": "1"}});
      if (!response.ok) return;
      html = await response.text();
    } catch (error) {
      return;
    }
    const fresh = new DOMParser().parseFromString(html, "text/html");
    regions.forEach((region) => {
      const next = fresh.getElementById(region.id);
      if (next) region.replaceWith(document.importNode(next, true));
    });
    emit("upsell:page-refreshed", {ids: regions.map((region) => region.id)});
  }

  // -- the spend-threshold nudge ({% upsell_spend_nudge %}) --------------------------------------
  // Its items are quoted like a pop-up's choices: adding one is an ordinary accept (idempotency
  // key, the server's re-check and price), then the cart regions, the nudge among them, are
  // drawn again, so a cart that reached the threshold shows no nudge.
  const nudgeKeys = {};

  async function addNudgeItem(button) {
    if (button.disabled) return;
    if (!config) config = readConfig();
    const section = button.closest("[data-upsell-nudge]");
    const error = section && section.querySelector("[data-upsell-nudge-error]");
    const intent = button.getAttribute("data-accept-url") + ":" + button.getAttribute("data-product-id");
    if (!nudgeKeys[intent]) nudgeKeys[intent] = newIdempotencyKey();
    const raw = button.getAttribute("data-product-id");
    const productId = /^\d+$/.test(raw) ? Number(raw) : raw;
    button.disabled = true;
    button.setAttribute("aria-busy", "true");
    if (error) error.textContent = "";
    let result = null;
    for (let attempt = 0; attempt <= RETRIES; attempt += 1) {
      if (attempt) await sleep(500 * attempt);
      result = await postJson(
        button.getAttribute("data-accept-url"),
        {quote: button.getAttribute("data-quote"), product_id: productId},
        {"Idempotency-Key": nudgeKeys[intent]}
      );
      if (!result.retry) break;
    }
    if (result.ok && result.data) {
      delete nudgeKeys[intent];
      emit("upsell:cart-updated", result.data.cart);
      announce(label("nudgeAdded") || label("cartUpdated"));
      if (config && config.afterAccept === "reload") {
        window.location.reload();
        return;
      }
      await refreshRegions();
      if (result.data.confirmation && config) showToast(result.data.confirmation);
      return;
    }
    button.disabled = false;
    button.setAttribute("aria-busy", "false");
    if (!result.retry) delete nudgeKeys[intent];
    let text = errorDetail(result.data);
    if (!text) text = result.status === 0 ? label("errorNetwork") : label("errorGeneric");
    if (error) error.textContent = text;
  }

  document.addEventListener("click", (event) => {
    const button = event.target.closest && event.target.closest("[data-upsell-nudge-add]");
    if (!button) return;
    event.preventDefault();
    addNudgeItem(button);
  });

  // Moments about one product: the server proves them per product, so the id is required.
  const PRODUCT_TRIGGERS = ["add_to_cart", "item_removed"];

  function misuse(text) {
    const error = new TypeError("Upsell.trigger: " + text);
    if (window.console) window.console.error(error.message);
    return Promise.reject(error);
  }

  function trigger(name, options) {
    // A mistake in the shop's own script is said loudly, never answered with silence.
    if (TRIGGERS.indexOf(name) === -1) {
      return misuse("unknown moment " + JSON.stringify(name) + "; use one of " + TRIGGERS.join(", ") + ".");
    }
    const productId = options && options.productId;
    if (PRODUCT_TRIGGERS.indexOf(name) !== -1 && (productId === null || productId === undefined || productId === "")) {
      return misuse(JSON.stringify(name) + " needs the product's id: Upsell.trigger(" + JSON.stringify(name) + ", {productId: 5}).");
    }
    return ask(name, productId);
  }

  async function ask(name, productId) {
    if (!config) config = readConfig();
    if (!config || !config.offersUrl) return null;
    if (current || loading) return null; // one pop-up at a time
    const url = new URL(config.offersUrl, window.location.href);
    url.searchParams.set("trigger", name);
    if (productId !== null && productId !== undefined && productId !== "") url.searchParams.set("product_id", String(productId));
    loading = true;
    let data = null;
    try {
      const response = await fetch(url.toString(), {credentials: "same-origin", headers: {Accept: "application/json"}});
      if (response.ok) data = await response.json();
    } catch (error) {
      data = null; // an offer is a nicety: a failed request never disturbs the shop page
    } finally {
      loading = false;
    }
    if (!data || !data.offer || current) return null;
    open(data.offer);
    return data.offer;
  }

  // -- offers placed in the page ({% upsell_slot %}) --------------------------------------------
  // A labelled region in the shop's page with the same offer, quotes, accept, Undo and "No
  // thanks" as the pop-up; the server decided it while rendering the page, among the offers the
  // admin placed in the page (the pop-up never shows those).
  function startSlots() {
    document.querySelectorAll("[data-upsell-slot]").forEach((host) => {
      if (host.hasAttribute("data-upsell-rendered")) return;
      const node = host.querySelector('script[type="application/json"]');
      let data = null;
      try {
        data = node ? JSON.parse(node.textContent) : null;
      } catch (error) {
        data = null;
      }
      if (!data || !data.offer) return;
      if (!config) config = data.config;
      host.setAttribute("data-upsell-rendered", "");
      renderSlot(host, data);
    });
  }

  function renderSlot(host, data) {
    const offer = data.offer;
    const base = "upsell-" + ++sequence;
    const ids = {
      base: base, title: base + "-title", message: base + "-message", hint: base + "-hint", terms: base + "-terms",
      termsHint: base + "-terms-hint",
    };
    const choices = Array.isArray(offer.choices) ? offer.choices : [];
    const state = {
      offer: Object.assign({}, offer, {choices: choices}),
      ids: ids, selected: null, busy: false, closed: false, idempotencyKey: null, keyFor: null,
      preview: false, clicked: false, picked: new Set(), live: null, host: host,
      afterAccept: data.config && data.config.afterAccept,
      termsRead: true, // every term is in the page, in full, above its button
    };
    const multiple = offer.kind !== "bundle" && choices.length > 1;
    state.offer.multiple = Boolean(offer.multiple) && multiple;
    state.together = state.offer.multiple && choices.some((choice) => choice.anchor);
    if (state.together) choices.forEach((choice, index) => state.picked.add(index));
    if (!multiple) state.selected = choices[0] || null;
    const section = buildSlot(state, data.slot);
    state.dialog = section;
    host.appendChild(section);
    if (state.offer.multiple) {
      state.hint.textContent = label("chooseSome");
      showPicks(state);
    } else {
      state.hint.hidden = Boolean(state.selected);
      updateAccept(state);
    }
    state.termsHint.hidden = true;
    showError(state, "");
    whenSeen(section, () => emit("upsell:shown", {offerId: offer.id, kind: offer.kind, placement: "page"}));
  }

  function whenSeen(node, callback) {
    if (typeof window.IntersectionObserver !== "function") return callback();
    const observer = new IntersectionObserver((entries) => {
      if (!entries.some((entry) => entry.isIntersecting)) return;
      observer.disconnect();
      callback();
    });
    observer.observe(node);
  }

  function buildSlot(state, slot) {
    const {offer, ids} = state;
    const languages = offer.languages || {};
    const kinds = (config.labels && config.labels.kinds) || {};
    const eyebrow = state.together ? label("boughtTogether") : kinds[offer.kind] || "";
    const title = el("h2", {class: "upsell-title", id: ids.title, text: offer.headline, lang: langOf(languages.headline)});
    const body = el("div", {class: "upsell-body"}, [
      offer.message ? el("p", {class: "upsell-message", id: ids.message, text: offer.message, lang: langOf(languages.message)}) : null,
      offer.reason ? el("p", {class: "upsell-reason", text: offer.reason}) : null,
      offer.choices.length ? choicesSection(state) : null,
      offer.bundle ? bundleSection(offer.bundle) : null,
      offer.subscription ? subscriptionSection(offer.subscription, ids) : null,
    ]);
    const acceptText = (offer.subscription && offer.subscription.consent_label) || offer.accept_label;
    state.error = el("p", {class: "upsell-error", role: "alert"});
    state.hint = el("p", {class: "upsell-hint", id: ids.hint, text: label("chooseFirst")});
    state.termsHint = el("p", {class: "upsell-hint upsell-terms-hint", id: ids.termsHint, text: label("readTerms")});
    state.acceptButton = el("button", {type: "button", class: "upsell-button upsell-accept", text: acceptText});
    state.acceptButton.dataset.label = acceptText;
    state.declineButton = el("button", {type: "button", class: "upsell-button upsell-decline", text: offer.decline_label});
    state.declineButton.addEventListener("click", () => finish(state, "decline"));
    state.acceptButton.addEventListener("click", () => accept(state));
    state.title = title;
    state.body = body;
    return el("section", {
      class: "upsell-slot",
      "data-slot": slot,
      "data-kind": offer.kind,
      "data-offer-id": offer.id,
      "aria-labelledby": ids.title,
      "aria-describedby": offer.message ? ids.message : null,
      lang: config.language || null,
    }, [
      eyebrow ? el("p", {class: "upsell-eyebrow", text: eyebrow}) : null,
      title,
      body,
      el("div", {class: "upsell-footer"}, [
        state.error,
        state.hint,
        state.termsHint,
        el("div", {class: "upsell-actions"}, [state.declineButton, state.acceptButton]),
      ]),
    ]);
  }

  window.Upsell = {
    version: "0.1.0",
    trigger: trigger,
    close: () => current && finish(current, "dismiss"),
    closeConfirmation: closeToast,
    isOpen: () => Boolean(current),
    isLoading: () => loading, // an offer request is on its way (handy for shops' own tests)
    // Admin preview: show a payload as the shopper would see it; the buttons send nothing.
    preview: (offer) => {
      if (!config) config = readConfig();
      if (current) finish(current, "dismiss");
      if (offer) open(offer, true);
    },
  };

  function start() {
    config = readConfig();
    startSlots();
    if (!config) return;
    // Decided while the page was rendered: show it now, with no request (none: nothing to ask).
    if (config.decided) {
      if (config.offer) open(config.offer);
      return;
    }
    if (!config.trigger) return;
    const fallback = config.fallback;
    // The page's own moment is asked when the one the shop's signal left brings no offer.
    ask(config.trigger, config.productId).then((offer) => {
      if (!offer && fallback && !current) ask(fallback.trigger, fallback.productId);
    });
  }

  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start);
  else start();
})();
