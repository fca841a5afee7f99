"""A stock django-oscar shop with django-upsell installed through ``upsell_app.contrib.oscar``.

Nothing here is written for the app beyond settings, one template override and the sample
catalogue: it is what any oscar shop does to install it (README "Installing into a django-oscar
shop").
"""
