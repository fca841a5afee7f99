"""What an offer is allowed to be and say, below the models that store it.

Owns an offer's texts per language (:mod:`.texts`) and the validation of an offer's fields and
products (:mod:`.validation`), which the models' ``clean()``, the admin's forms, the pop-up's
wording and the shops' own loaders all use. May import only ``selection`` and ``conf``.
"""
