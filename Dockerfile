# One image for the web server, the Celery worker and Celery beat.
FROM python:3.11-slim-bookworm
ENV PYTHONDONTWRITEBYTECODE=1 PYTHONUNBUFFERED=1 DJANGO_READ_DOT_ENV=false \
    DJANGO_SETTINGS_MODULE=config.settings.production
RUN apt-get update && apt-get install -y --no-install-recommends \
      libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz-subset0 fonts-dejavu-core nodejs npm \
    && rm -rf /var/lib/apt/lists/*
WORKDIR /app
COPY package.json ./
RUN npm install --no-audit --no-fund --omit=dev
COPY pyproject.toml README.md ./
COPY . .
# The static manifest (hashed names) the production settings serve from is written here, with those
# settings. They need a secret key to load: this one exists only for this build step, never at run
# time, where DJANGO_SECRET_KEY must come from the environment.
RUN pip install --no-cache-dir . \
    && DJANGO_SECRET_KEY=build-time-only-key-for-collectstatic python manage.py collectstatic --no-input -v 0
RUN useradd --create-home portal && mkdir -p /var/lib/portal/private && chown portal /var/lib/portal/private
USER portal
EXPOSE 8000
CMD ["gunicorn", "config.wsgi:application", "--bind", "0.0.0.0:8000", "--workers", "3", "--access-logfile", "-"]
