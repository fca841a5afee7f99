"""django-oscar's own test suite, run unmodified with django-upsell installed (see ``run.py``)."""
