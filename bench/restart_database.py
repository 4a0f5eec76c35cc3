#!/usr/bin/env python
"""Restart the embedded PostgreSQL server in the middle of a load test.

    .venv/bin/python bench/restart_database.py --after 20 --outage 5 --timeline timeline.json

Waits `--after` seconds, stops the server (a fast shutdown: open sessions are cut, as in a
crash or a failover), keeps it down for `--outage` seconds, starts it again, and writes when
each step happened (Unix time) to the timeline file. It runs in its own process, as an
operator's command would; the web processes are not told anything.
"""

import argparse
import json
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from confnotes import embedded_db


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--after", type=float, required=True, help="seconds before stopping")
    parser.add_argument("--outage", type=float, required=True, help="seconds kept down")
    parser.add_argument("--timeline", type=Path, required=True, help="JSON file to write")
    args = parser.parse_args()

    time.sleep(args.after)
    timeline = {"stop_requested": time.time()}
    embedded_db.stop()
    timeline["down"] = time.time()
    time.sleep(args.outage)
    timeline["start_requested"] = time.time()
    # pg_ctl start -w returns once the server accepts connections.
    embedded_db.start()
    timeline["up"] = time.time()
    args.timeline.write_text(json.dumps(timeline))


if __name__ == "__main__":
    main()
