"""The demo shop's pages. Every change to the cart tells django-upsell through its signals."""

from __future__ import annotations

from django.contrib import messages
from django.db.models import Prefetch
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from upsell_app import signals
from upsell_app.followup.consent import record_consent
from upsell_app.models import ConsentSource

from .cart import (
    MAX_QUANTITY,
    OutOfStock,
    add_product,
    max_quantity,
    may_view_order,
    place_order,
    read_cart,
)
from .forms import AddToCartForm, CheckoutForm
from .models import Cart, CartLine, Category, Order, Product
from .upsell_adapter import get_cart


def catalogue(request: HttpRequest, category_slug: str | None = None) -> HttpResponse:
    products = Product.objects.filter(is_active=True).order_by("price")
    categories = Category.objects.prefetch_related(Prefetch("products", queryset=products))
    current = None
    if category_slug is not None:
        current = get_object_or_404(Category, slug=category_slug)
        categories = categories.filter(pk=current.pk)
    sections = [(c, list(c.products.all())) for c in categories]
    return render(
        request,
        "shop/catalogue.html",
        {"sections": [(c, p) for c, p in sections if p], "current_category": current},
    )


def product_detail(request: HttpRequest, slug: str) -> HttpResponse:
    product = get_object_or_404(
        Product.objects.select_related("category"), slug=slug, is_active=True
    )
    family = []
    if product.family:
        family = list(
            Product.objects.filter(family=product.family, is_active=True)
            .exclude(pk=product.pk)
            .order_by("price")
        )
    form = AddToCartForm(max_quantity=max_quantity(product))
    return render(
        request,
        "shop/product_detail.html",
        {"product": product, "form": form, "family": family},
    )


def _safe_next(request: HttpRequest, fallback: str) -> str:
    target = request.POST.get("next") or ""
    if target and url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return target
    return fallback


@require_POST
def add_to_cart(request: HttpRequest, slug: str) -> HttpResponse:
    product = get_object_or_404(Product, slug=slug, is_active=True)
    back = _safe_next(request, product.get_absolute_url())
    if product.stock <= 0:
        messages.error(request, _("Sorry, %(product)s is sold out.") % {"product": product.name})
        return redirect(back)
    form = AddToCartForm(request.POST, max_quantity=max_quantity(product))
    if not form.is_valid():
        messages.error(request, _("Please choose a quantity between 1 and %(max)d.")
                       % {"max": max_quantity(product)})
        return redirect(back)
    added = add_product(get_cart(request), product, form.cleaned_data["quantity"])
    if not added:
        messages.info(
            request,
            _("Your cart already holds as many of %(product)s as we can sell at once.")
            % {"product": product.name},
        )
        return redirect(back)
    signals.cart_line_added.send(
        sender=Cart, request=request, product_id=product.pk, quantity=added
    )
    messages.success(request, _("%(product)s was added to your cart.") % {"product": product.name})
    return redirect(back)


def cart(request: HttpRequest) -> HttpResponse:
    contents = read_cart(request, get_cart(request, create=False))
    return render(request, "shop/cart.html", {"contents": contents})


def _remove_line(request: HttpRequest, line: CartLine) -> None:
    product_id, line_id, title = line.product_id, line.pk, line.product.name
    line.delete()
    signals.cart_line_removed.send(
        sender=Cart, request=request, product_id=product_id, line_id=str(line_id)
    )
    messages.success(request, _("%(product)s was removed from your cart.") % {"product": title})


@require_POST
def cart_update(request: HttpRequest) -> HttpResponse:
    """One form for the whole cart: a line's remove button, or new quantities for all lines."""
    shop_cart = get_cart(request, create=False)
    rows = shop_cart.lines.select_related("product") if shop_cart is not None else []
    lines = {str(line.pk): line for line in rows}
    if "remove" in request.POST:
        line = lines.get(request.POST["remove"])
        if line is not None:
            _remove_line(request, line)
        return redirect("shop:cart")
    changed = False
    for line_id, line in lines.items():
        raw = request.POST.get(f"qty-{line_id}")
        if raw is None:
            continue
        try:
            quantity = max(0, min(int(raw), MAX_QUANTITY, line.product.stock))
        except ValueError:
            continue
        if quantity == 0:
            _remove_line(request, line)
        elif quantity != line.quantity:
            line.quantity = quantity
            line.save(update_fields=["quantity"])
            changed = True
    if changed:
        signals.cart_changed.send(sender=Cart, request=request)
        messages.success(request, _("Your cart was updated."))
    return redirect("shop:cart")


@require_http_methods(["GET", "POST"])
def checkout(request: HttpRequest) -> HttpResponse:
    shop_cart = get_cart(request, create=False)
    contents = read_cart(request, shop_cart)
    if not contents:
        messages.info(request, _("Your cart is empty."))
        return redirect("shop:cart")
    if request.method == "POST":
        form = CheckoutForm(request.POST)
        if form.is_valid():
            return _place_order(request, shop_cart, form)
    else:
        user = request.user
        initial = {}
        if user.is_authenticated:
            initial = {"name": user.get_full_name() or user.get_username(), "email": user.email}
        form = CheckoutForm(initial=initial)
        if not request.headers.get("X-Upsell-Refresh"):  # the pop-up re-reading the page
            signals.checkout_started.send(sender=Cart, request=request)
    return render(request, "shop/checkout.html", {"contents": contents, "form": form})


def _place_order(request: HttpRequest, shop_cart: Cart, form: CheckoutForm) -> HttpResponse:
    try:
        order = place_order(
            request, shop_cart, name=form.cleaned_data["name"], email=form.cleaned_data["email"]
        )
    except OutOfStock as exc:
        messages.error(
            request,
            _("Sorry, we no longer have enough of %(product)s. Please change your cart.")
            % {"product": exc.product.name},
        )
        return redirect("shop:cart")
    if form.cleaned_data.get("follow_up_mail"):
        record_consent(order.customer_key, order.email, ConsentSource.CHECKOUT)
    lines = list(order.lines.all())
    signals.order_completed.send(
        sender=Order,
        request=request,
        order_id=order.number,
        lines=lines,
        customer_key=order.customer_key,
        ordered_at=order.created_at,
        total=order.total,
    )
    return redirect(reverse("shop:order", args=[order.number]))


def order_confirmation(request: HttpRequest, number: str) -> HttpResponse:
    order = get_object_or_404(Order.objects.prefetch_related("lines"), number=number)
    if not may_view_order(request, order):
        raise Http404("No such order.")
    return render(request, "shop/order_confirmation.html", {"order": order})
