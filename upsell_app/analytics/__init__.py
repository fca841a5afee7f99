"""Analytics: event recording, attribution, A/B assignment and statistics, the pushiness guard
and the admin dashboard (issue 4)."""
