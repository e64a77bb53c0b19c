"""Every human-facing string of the review page: ``serve.page.*`` in ``lexicons/ui.yaml``, in the
language of the interface (``jiaohe --lang en serve …`` gives the English page).

The templates print them as ``t.KEY``; the code uses ``TEXT[KEY]``. Text the page shows from a
report or the database (unit names, messages, notes) never goes through here: it is data, and
the templates escape it.
"""

from __future__ import annotations

from typing import Iterator, Mapping

from checker.i18n import catalogue, t

_PREFIX = "serve.page."


class _PageText(Mapping[str, str]):
    """Looked up when read, so the page speaks the language chosen when the command started."""

    def __getitem__(self, key: str) -> str:
        return t(_PREFIX + key)

    def __iter__(self) -> Iterator[str]:
        return (k[len(_PREFIX) :] for k in catalogue() if k.startswith(_PREFIX))

    def __len__(self) -> int:
        return sum(1 for _ in self)


TEXT: Mapping[str, str] = _PageText()


class _StatusNames(Mapping[str, str]):
    _KEYS = {"open": "open", "confirm": "confirmed", "dismiss": "dismissed"}

    def __getitem__(self, status: str) -> str:
        return TEXT[self._KEYS[status]]

    def __iter__(self) -> Iterator[str]:
        return iter(self._KEYS)

    def __len__(self) -> int:
        return len(self._KEYS)


STATUS_NAMES: Mapping[str, str] = _StatusNames()
