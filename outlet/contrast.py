"""WCAG 2.x contrast of text colours, for the highlight palette.

https://www.w3.org/TR/WCAG22/#dfn-contrast-ratio: the relative luminance of each colour in
linear sRGB, then (lighter + 0.05) / (darker + 0.05). Colours here are the palette's hex forms
(#rgb, #rrggbb, #rrggbbaa); a translucent colour is what the reader sees, i.e. blended over
what lies under it.
"""

from __future__ import annotations

AA_NORMAL_TEXT = 4.5  # highlights are body-size text (17px bold is below WCAG's "large")

RGB = tuple[float, float, float]


def parse_hex(value: str) -> tuple[RGB, float]:
    """(red, green, blue in 0-255, alpha in 0-1) of #rgb, #rgba, #rrggbb or #rrggbbaa."""
    digits = value.strip().lstrip("#")
    if len(digits) in (3, 4):
        digits = "".join(ch * 2 for ch in digits)
    if len(digits) not in (6, 8):
        raise ValueError(f"not a hex colour: {value!r}")
    channels = [int(digits[i : i + 2], 16) for i in range(0, len(digits), 2)]
    alpha = channels[3] / 255 if len(channels) == 4 else 1.0
    return (channels[0], channels[1], channels[2]), alpha


def blend(colour: str, under: RGB) -> RGB:
    """The opaque colour seen when colour (maybe translucent) lies over the opaque `under`."""
    rgb, alpha = parse_hex(colour)
    return tuple(alpha * top + (1 - alpha) * bottom for top, bottom in zip(rgb, under, strict=True))


def relative_luminance(rgb: RGB) -> float:
    def linear(channel: float) -> float:
        c = channel / 255
        return c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4

    red, green, blue = (linear(channel) for channel in rgb)
    return 0.2126 * red + 0.7152 * green + 0.0722 * blue


def contrast_ratio(first: RGB, second: RGB) -> float:
    """From 1 (no contrast) to 21 (black on white); the order of the colours does not matter."""
    lighter, darker = sorted((relative_luminance(first), relative_luminance(second)), reverse=True)
    return (lighter + 0.05) / (darker + 0.05)
