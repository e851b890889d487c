"""English, French and Spanish ship complete and compiled."""

import gettext
import re
from pathlib import Path

import pytest

LOCALE = Path(__file__).resolve().parents[2] / "locale"


def _po_entries(path: Path) -> list[tuple[str, str, str | None]]:
    """(msgid, msgstr — the singular form for plurals, msgctxt or None) of each entry of a .po
    file, header left out."""
    entries: list[tuple[str, str, str | None]] = []
    fields: dict[str, str] = {}
    key = ""
    for line in [*path.read_text(encoding="utf-8").splitlines(), ""]:
        match = re.match(r'^(msgctxt|msgid|msgid_plural|msgstr|msgstr\[\d\])\s+"(.*)"$', line)
        if match:
            key = match[1]
            fields[key] = match[2]
        elif line.startswith('"') and key:
            fields[key] += line[1:-1]
        elif not line.strip() and fields:
            if fields.get("msgid"):
                singular = fields.get("msgstr", fields.get("msgstr[0]", ""))
                entries.append(
                    (
                        fields["msgid"],
                        "" if "msgid_plural" in fields and not singular else singular,
                        fields.get("msgctxt"),
                    )
                )
            fields, key = {}, ""
    return entries


def _unescape(text: str) -> str:
    return text.replace('\\"', '"').replace("\\n", "\n")


@pytest.mark.parametrize("language", ["fr", "es"])
def test_every_message_is_translated_and_compiled(language):
    po = LOCALE / language / "LC_MESSAGES" / "django.po"
    entries = _po_entries(po)
    assert len(entries) > 200
    untranslated = [msgid for msgid, msgstr, _context in entries if not msgstr]
    assert untranslated == []
    assert "#, fuzzy" not in po.read_text(encoding="utf-8").split("\n\n", 1)[1]
    with po.with_suffix(".mo").open("rb") as mo:
        compiled = gettext.GNUTranslations(mo)
    plain = [entry for entry in entries if "%(counter)" not in entry[0]]
    stale = [
        msgid
        for msgid, msgstr, context in plain
        if (
            compiled.pgettext(_unescape(context), _unescape(msgid))
            if context is not None
            else compiled.gettext(_unescape(msgid))
        )
        != _unescape(msgstr)
    ]
    assert stale == [], "run `make messages` to compile the catalogs"


@pytest.mark.parametrize(
    ("language", "portfolio", "logout"),
    [
        ("en", "Your portfolio", "Log out"),
        ("fr", "Votre portefeuille", "Se déconnecter"),
        ("es", "Su cartera", "Cerrar sesión"),
    ],
)
def test_pages_follow_the_chosen_language(client_for, language, portfolio, logout):
    client = client_for("alice")
    client.post("/i18n/setlang/", {"language": language, "next": "/"})
    page = client.get("/").content.decode()
    assert f'<html lang="{language}">' in page
    assert portfolio in page and logout in page
