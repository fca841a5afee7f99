"""The demo shop's settings for a contract-test server: the demo as it ships, with the limits
that would hide the API's logic behind "no" raised for the run.

The throttle would answer 429 to most of a fuzzer's requests, and restraint (cool-down, cap per
session, silence after "No thanks") would answer "no offer": both are raised here so the fuzzer
reaches validation, pricing, accept, decline and event recording.
"""

from shop_demo.settings import *  # noqa: F403

REST_FRAMEWORK = {
    **REST_FRAMEWORK,  # noqa: F405
    "DEFAULT_THROTTLE_RATES": {"upsell_offers": "100000/min", "upsell_actions": "100000/min"},
}
UPSELL = {
    **UPSELL,  # noqa: F405
    "POPUP_COOLDOWN_SECONDS": 0,
    "SILENCE_AFTER_DECLINE_SECONDS": 0,
    "MAX_POPUPS_PER_SESSION": 1_000_000,
}
