"""Engagement analytics: what readers respond to, how well the author answers, who took part in a blogfest.

Computed from the blog's own content, comments and feeds and from other
blogs' feeds, without tracking any reader. ``python -m analytics --help``.
"""
