"""Analyst review pages under /review: sign-in, queue, pair, decisions and alerts."""

from api.review import pages, signin
from api.review.blueprint import bp

__all__ = ["bp", "pages", "signin"]
