"""Oscar's own test URLs plus the pop-up's API, as our oscar integration mounts it.

Some of oscar's tests override settings and reload ``settings.ROOT_URLCONF`` to rebuild the URLs
(anonymous checkout on or off): reloading this module rebuilds oscar's too.
"""

import importlib
import sys

from django.urls import include, path

OSCAR_URLS = "tests._site.urls"

if OSCAR_URLS in sys.modules:
    oscar_urls = importlib.reload(sys.modules[OSCAR_URLS])
else:
    oscar_urls = importlib.import_module(OSCAR_URLS)

handler403 = oscar_urls.handler403
handler404 = oscar_urls.handler404
handler500 = oscar_urls.handler500

urlpatterns = [path("upsell/", include("upsell_app.urls")), *oscar_urls.urlpatterns]
