"""One reader per schedule format, each reading a file into the same `base.Schedule`:
`schedule_json` (frab/pretalx JSON, versions 1 and 2), `schedule_xml` (frab's schedule.xml),
`sessionize` (Sessionize's "All data" JSON). `talks.schedule.reader` recognises the format."""
