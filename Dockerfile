# One image for the web server, the Celery worker and beat.
FROM python:3.11-slim
ENV PYTHONDONTWRITEBYTECODE=1 PYTHONUNBUFFERED=1
WORKDIR /app
COPY . .
RUN pip install --no-cache-dir .
# Build-only values: the image holds no key; the real ones come from the environment.
ARG BUILD_KEYS="SECRET_KEY=build-only DEBUG=0 FIELD_ENCRYPTION_KEYS=AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA= BLIND_INDEX_KEY=AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA="
RUN env $BUILD_KEYS python manage.py collectstatic --noinput \
    && env $BUILD_KEYS python manage.py compile_translations
RUN useradd --system --home /app advocacy && chown -R advocacy /app
USER advocacy
EXPOSE 8000
CMD ["gunicorn", "advocacy.wsgi", "--config", "gunicorn.conf.py"]
