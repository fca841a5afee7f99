"""The demo shop's models in the Django admin (the upsell app registers its own)."""

from django.contrib import admin

from .models import Cart, CartLine, Category, Order, OrderLine, Product


@admin.register(Category)
class CategoryAdmin(admin.ModelAdmin):
    list_display = ("name", "slug", "position")
    list_editable = ("position",)
    prepopulated_fields = {"slug": ("name",)}


@admin.register(Product)
class ProductAdmin(admin.ModelAdmin):
    list_display = ("name", "category", "family", "price", "cost", "stock", "is_subscribable",
                    "is_active")
    list_filter = ("category", "is_subscribable", "is_active")
    list_editable = ("price", "stock", "is_active")
    search_fields = ("name", "slug", "family")
    prepopulated_fields = {"slug": ("name",)}


class CartLineInline(admin.TabularInline):
    model = CartLine
    extra = 0
    raw_id_fields = ("product",)


@admin.register(Cart)
class CartAdmin(admin.ModelAdmin):
    list_display = ("__str__", "user", "updated_at")
    inlines = (CartLineInline,)


class OrderLineInline(admin.TabularInline):
    model = OrderLine
    extra = 0
    raw_id_fields = ("product",)
    readonly_fields = ("title", "quantity", "unit_price", "is_subscription",
                       "subscription_terms", "offer_id")


@admin.register(Order)
class OrderAdmin(admin.ModelAdmin):
    list_display = ("number", "created_at", "customer_name", "email", "total")
    search_fields = ("number", "customer_name", "email", "customer_key")
    date_hierarchy = "created_at"
    inlines = (OrderLineInline,)
