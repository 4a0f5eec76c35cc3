# confnotes for production: `docker compose up` (see docs/operations.md).

# Build stage: the virtual environment and the collected static files.
FROM python:3.11-slim AS build

ENV PYTHONDONTWRITEBYTECODE=1 \
    PIP_NO_CACHE_DIR=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1 \
    PATH=/opt/venv/bin:$PATH

RUN python -m venv /opt/venv
WORKDIR /app
COPY . /app
# Editable, so that settings find templates/, static/ and locale/ next to the code in /app.
RUN pip install -e . \
    && DJANGO_SETTINGS_MODULE=confnotes.settings.production \
       SECRET_KEY=collectstatic-only ALLOWED_HOSTS=localhost \
       DATABASE_URL=postgres://collectstatic@localhost/none \
       python manage.py collectstatic --noinput

# Run stage: no build tools, no pip cache, a user without privileges.
FROM python:3.11-slim

ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PATH=/opt/venv/bin:$PATH \
    DJANGO_SETTINGS_MODULE=confnotes.settings.production

RUN useradd --system --uid 10001 --no-create-home --shell /usr/sbin/nologin confnotes
COPY --from=build /opt/venv /opt/venv
COPY --from=build /app /app
WORKDIR /app

USER confnotes
EXPOSE 8000
CMD ["gunicorn", "confnotes.wsgi", "--bind", "0.0.0.0:8000", "--access-logfile", "-"]
