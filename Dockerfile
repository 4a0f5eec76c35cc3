FROM python:3.11-slim

ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PIP_NO_CACHE_DIR=1

WORKDIR /app
COPY . /app
RUN pip install -e . \
    && DATABASE_URL=postgres://build@localhost/none python manage.py collectstatic --noinput \
    && useradd --system --no-create-home confnotes

USER confnotes
EXPOSE 8000
CMD ["gunicorn", "confnotes.wsgi", "--bind", "0.0.0.0:8000", "--workers", "3"]
