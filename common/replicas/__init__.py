"""Read replicas: anonymous readers' pages are read from a streaming replica of the database.

- routing.py: the database router, and the database that the current request reads from.
- health.py: which replicas answer and are not too far behind, measured in each process.
- middleware.py: chooses the read database of each request, keeps a client that just wrote on
  the primary for a while, and runs a request again on the primary when its replica fails.

docs/scaling.md ("Read replicas") says how to set them up.
"""
