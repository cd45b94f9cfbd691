"""Text safety for every stored fragment: HTML sanitizing and plain-text cleaning.

The lowest layer: no Django app, no models; photos, articles and every app above use it.
"""
