from confnotes.embedded_db import start_unless_external


def pytest_configure(config):
    # Django's test database lives on the embedded server unless DATABASE_URL names one.
    start_unless_external()
