"""The Atom feeds' format: Django's, with each entry's language and its whole content."""

from django.utils.feedgenerator import Atom1Feed
from django.utils.translation import gettext as _
from django.utils.xmlutils import SimplerXMLGenerator

from common.document_text import document_text


def site_title(subject: str) -> str:
    """A feed's title: its subject and the site's name."""
    return _("%(subject)s — confnotes") % {"subject": subject}


class _XmlTextGenerator(SimplerXMLGenerator):
    """Writes only what XML 1.0 can carry (common.document_text), where Django's generator
    would refuse a control character."""

    def characters(self, content: str) -> None:
        super().characters(document_text(content))

    def startElement(self, name: str, attrs: dict[str, str]) -> None:
        super().startElement(name, {key: document_text(value) for key, value in attrs.items()})


class EntryLanguageAtomFeed(Atom1Feed):
    """Atom 1.0 whose entries carry their own language (`xml:lang`, from the item's
    `language`), which may differ from the feed's, the reader's, and their HTML body in
    `<content>` (from the item's `content`, sanitized HTML, in `content_language` when that
    differs from the entry's)."""

    def write(self, outfile, encoding: str) -> None:
        handler = _XmlTextGenerator(outfile, encoding, short_empty_elements=True)
        handler.startDocument()
        handler.startElement("feed", self.root_attributes())
        self.add_root_elements(handler)
        self.write_items(handler)
        handler.endElement("feed")

    def item_attributes(self, item: dict) -> dict[str, str]:
        attributes = super().item_attributes(item)
        if item.get("language"):
            attributes["xml:lang"] = item["language"]
        return attributes

    def add_item_elements(self, handler, item: dict) -> None:
        super().add_item_elements(handler, item)
        if item.get("content"):
            attributes = {"type": "html"}
            if item.get("content_language", item.get("language")) != item.get("language"):
                attributes["xml:lang"] = item["content_language"]
            handler.addQuickElement("content", item["content"], attributes)
