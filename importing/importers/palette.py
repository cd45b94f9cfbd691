"""Matching the inline colours of imported highlight spans to the outlet's palette.

Blog editors write highlights as inline styles (color: #EE2323; background-color: #21538527).
The palette lives in HighlightStyle rows, so the map is built from the database, once per run.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from outlet.models import HighlightStyle

_HEX = re.compile(r"^#([0-9a-f]{3,4}|[0-9a-f]{6}|[0-9a-f]{8})$")
_FUNCTIONAL = re.compile(r"^rgba?\(([^)]*)\)$")
# Inline-style properties that carry a highlight colour, by palette field.
_PROPERTIES = {"color": "text", "background-color": "background", "background": "background"}


@dataclass(frozen=True)
class Colour:
    rgb: str  # six lower-case hex digits
    alpha: str | None = None  # two hex digits, or None when the colour gave none

    def matches(self, other: Colour) -> bool:
        """Same RGB; alpha must agree only when both sides state it (ff is no alpha)."""
        if self.rgb != other.rgb:
            return False
        mine = None if self.alpha == "ff" else self.alpha
        theirs = None if other.alpha == "ff" else other.alpha
        return mine is None or theirs is None or mine == theirs

    def __str__(self):
        return f"#{self.rgb}{self.alpha or ''}"


def parse_colour(value: str) -> Colour | None:
    """#rgb, #rgba, #rrggbb, #rrggbbaa or rgb()/rgba(), in any case and spacing; else None."""
    value = re.sub(r"\s+", "", (value or "").lower()).removesuffix("!important")
    if match := _HEX.match(value):
        digits = match.group(1)
        if len(digits) in (3, 4):
            digits = "".join(ch * 2 for ch in digits)
        return Colour(digits[:6], digits[6:] or None)
    if match := _FUNCTIONAL.match(value):
        parts = match.group(1).split(",")
        try:
            channels = [int(float(part)) for part in parts[:3]]
            alpha = float(parts[3]) if len(parts) == 4 else None
        except ValueError:
            return None
        if len(channels) != 3 or not all(0 <= c <= 255 for c in channels):
            return None
        alpha_hex = None if alpha is None else f"{round(max(0.0, min(alpha, 1.0)) * 255):02x}"
        return Colour("".join(f"{c:02x}" for c in channels), alpha_hex)
    return None


def declared_colours(style_attribute: str) -> dict[str, Colour]:
    """{"text": Colour, "background": Colour} for the colour declarations of an inline style."""
    found = {}
    for declaration in (style_attribute or "").split(";"):
        name, _, value = declaration.partition(":")
        role = _PROPERTIES.get(name.strip().lower())
        colour = parse_colour(value) if role else None
        if colour:
            found[role] = colour
    return found


class Palette:
    """The highlight styles, matched against the colours an inline style declares."""

    def __init__(self, styles):
        self.entries = []
        for style in styles:
            colours = {}
            for role, value in (("text", style.text_color), ("background", style.background_color)):
                if value and (colour := parse_colour(value)):
                    colours[role] = colour
            if colours:
                self.entries.append((style.css_class, colours))
                # Colours older posts used for the style before the palette changed.
                role = "text" if "text" in colours else "background"
                for value in style.import_color_list:
                    if colour := parse_colour(value):
                        self.entries.append((style.css_class, {role: colour}))

    @classmethod
    def from_database(cls) -> Palette:
        return cls(HighlightStyle.objects.all())

    @property
    def css_classes(self) -> set[str]:
        return {css_class for css_class, _ in self.entries}

    def css_class_for(self, declared: dict[str, Colour]) -> str | None:
        """The class of the style all of whose colours the declaration has, most specific first."""
        best, best_size = None, 0
        for css_class, colours in self.entries:
            if len(colours) > best_size and all(
                role in declared and declared[role].matches(colour)
                for role, colour in colours.items()
            ):
                best, best_size = css_class, len(colours)
        return best
