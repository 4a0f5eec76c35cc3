"""frab's schedule.xml, read with defusedxml; errors name the line."""

from xml.etree.ElementTree import Element, TreeBuilder

from defusedxml import DefusedXmlException
from defusedxml.ElementTree import DefusedXMLParser, ParseError

from talks.schedule.readers.base import Reader, Schedule, Session


class _LineTreeBuilder(TreeBuilder):
    """Remembers the line where each element starts, for error messages."""

    def __init__(self):
        super().__init__()
        self.lines: dict[int, int] = {}
        self.expat = None

    def start(self, tag, attrs):
        element = super().start(tag, attrs)
        self.lines[id(element)] = self.expat.CurrentLineNumber
        return element


class XmlReader(Reader):
    def read(self, content: bytes) -> Schedule:
        builder = _LineTreeBuilder()
        # defusedxml refuses entity declarations and external references: a hostile file
        # cannot expand into gigabytes or read local files.
        parser = DefusedXMLParser(target=builder, forbid_dtd=True)
        builder.expat = parser.parser
        try:
            parser.feed(content)
            root = parser.close()
        except ParseError as error:
            raise self.error(f"line {error.position[0]}", f"not valid XML: {error}") from None
        except DefusedXmlException as error:
            raise self.error("", f"refused: {error}") from None
        self.lines = builder.lines
        if root.tag != "schedule":
            raise self.error(self.line(root), f"expected <schedule>, found <{root.tag}>")
        conference = root.find("conference")
        if conference is None:
            raise self.error(self.line(root), "no <conference>")
        place = self.line(conference)
        time_zone = self.time_zone(conference.findtext("time_zone_name"), place)
        sessions = []
        for day in root.iter("day"):
            for room in day.iter("room"):
                for event in room.iter("event"):
                    sessions.append(self.xml_session(event, time_zone, room.get("name") or ""))
        return Schedule(
            path=self.path,
            title=self.text(conference.findtext("title"), f"{place}, <title>"),
            acronym=self.text(conference.findtext("acronym"), f"{place}, <acronym>"),
            start=self.date(conference.findtext("start"), f"{place}, <start>", time_zone),
            end=self.date(conference.findtext("end"), f"{place}, <end>", time_zone),
            time_zone=time_zone,
            base_url=self.text(root.findtext("base_url"), "<base_url>", required=False),
            sessions=sessions,
        )

    def line(self, element: Element) -> str:
        return f"line {self.lines[id(element)]}"

    def xml_session(self, event: Element, time_zone, room: str) -> Session:
        place = self.line(event)
        data = {child.tag: (child.text or "") for child in event if not len(child)}
        data["guid"] = event.get("guid")
        source_id = event.get("id")
        data["id"] = int(source_id) if source_id and source_id.isdigit() else source_id
        data["persons"] = [
            ({"name": person.text, "id": None}, self.line(person))
            for person in event.iterfind("persons/person")
        ]
        data["links"] = [
            ({"url": link.get("href"), "title": link.text}, self.line(link))
            for link in [*event.iterfind("links/link"), *event.iterfind("attachments/attachment")]
        ]

        def at(key: str) -> str:
            child = event.find(key)
            return f"{self.line(child if child is not None else event)}, <{key}>"

        return self.session(data, place, at, time_zone, room)
