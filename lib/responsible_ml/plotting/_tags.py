"""What a figure function drew, found again when it draws into the same axes again.

A widget redraws a figure in place: called again with the `ax` it drew on, a figure
function (``metric_by_group_plot``, ``linkage_plot``, ...) finds the bars, lines and texts
it drew and changes them, instead of drawing new ones (one function per figure: no
``update_*`` twin). Nothing is stored on a matplotlib object for that:

* each artist to update is named with :meth:`matplotlib.artist.Artist.set_gid` (a public
  property meant to identify artists; ``"rml:<role>"``) and found again among
  ``get_children()``;
* plain facts about a figure that no artist shows (the columns a frontier plots, the
  feature order a contributions plot keeps) live in :data:`_FACTS`, a weak side table
  keyed by the Axes: it holds no matplotlib object (checked), so it never keeps a figure
  alive, and an entry goes when its Axes goes.
"""

from __future__ import annotations

import weakref

import matplotlib as mpl
from matplotlib.artist import Artist

from ._style import _RC

__all__: list[str] = []

_PREFIX = "rml:"
_FACTS: weakref.WeakKeyDictionary = weakref.WeakKeyDictionary()
_HOLDS_ARTIST = "facts kept beside a figure must be plain data, got a matplotlib {type_name}"


def tag(artist, role: str):
    """Name `artist` for :func:`tagged` (its gid); returns it. None passes through."""
    if artist is not None:
        artist.set_gid(_PREFIX + role)
    return artist


def tagged(parent, role: str) -> list:
    """The artists of `parent` (an Axes or a Figure) named `role`, in drawing order."""
    gid = _PREFIX + role
    return [a for a in parent.get_children() if a.get_gid() == gid]


def first(parent, role: str):
    """The first artist of `parent` named `role`, or None."""
    found = tagged(parent, role)
    return found[0] if found else None


def _check_plain(value) -> None:
    if isinstance(value, Artist):
        raise TypeError(_HOLDS_ARTIST.format(type_name=type(value).__name__))
    if isinstance(value, dict):
        for v in value.values():
            _check_plain(v)
    elif isinstance(value, (list, tuple)):
        for v in value:
            _check_plain(v)


def keep(owner, kind: str, **facts) -> None:
    """Keep plain `facts` (no matplotlib objects) of figure `kind` beside `owner`."""
    _check_plain(facts)
    _FACTS.setdefault(owner, {})[kind] = facts


def kept(owner, kind: str) -> dict | None:
    """The facts kept for `owner` and `kind`, or None (not drawn by that figure function)."""
    try:
        return _FACTS.get(owner, {}).get(kind)
    except TypeError:  # not weak-referenceable: nothing was kept for it
        return None


def clear(ax) -> None:
    """Remove what was drawn on `ax`, under the course style (as :func:`offscreen_axes`
    made it), so that a figure function draws it anew: used when a figure drawn before has
    another layout (other groups, another number of parts) than the one asked for."""
    with mpl.rc_context(_RC):
        ax.cla()
    _FACTS.pop(ax, None)
