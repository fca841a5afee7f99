def revoke_for_removed_line(request, line_id: str) -> None:
    """Placeholder replaced by the acceptance service."""
