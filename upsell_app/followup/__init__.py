"""Follow-up mail: offers mailed at the moments after a visit (replenishment, after delivery,
before a subscription renews), only to shoppers who consented, as 特定電子メール法 requires.

``consent`` records the opt-in and the opt-out and signs the unsubscribe links, ``intervals``
learns how long a consumable lasts, ``moments`` finds the mails that are due, ``sending`` renders
and sends one mail after checking again that it may go; ``views`` and ``tasks`` are the edges.
"""
