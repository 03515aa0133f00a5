# gigwatch in a container: the wheel is built in the first stage and installed in the second, the same
# steps tests/test_packaging.py runs (build from the filtered context, install with its dependencies,
# run `gigwatch` outside the checkout).
#
#   docker build -t gigwatch .
#   docker run -d --name gigwatch -v gigwatch-data:/data -p 8080:8080 --env-file .env gigwatch
#
# The SQLite database lives on the /data volume; set GIGWATCH_DATABASE_URL to use PostgreSQL instead
# (see docker-compose.yml and docs/operations.md). Set SLACK_* and/or DISCORD_TOKEN: without a platform
# token `gigwatch run` falls back to the console, which ends when its standard input does.

FROM python:3.11-slim AS build
WORKDIR /src
COPY . .
RUN pip wheel --no-cache-dir --no-deps --wheel-dir /dist .

FROM python:3.11-slim
ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    GIGWATCH_DATABASE_URL=sqlite+aiosqlite:////data/gigwatch.db \
    GIGWATCH_HTTP_PORT=8080 \
    GIGWATCH_LOG_FORMAT=json
COPY --from=build /dist/ /tmp/dist/
RUN pip install --no-cache-dir /tmp/dist/*.whl \
    && rm -rf /tmp/dist \
    && useradd --system --uid 10001 --user-group --home-dir /data --no-create-home gigwatch \
    && mkdir /data \
    && chown gigwatch:gigwatch /data
USER gigwatch
WORKDIR /data
VOLUME ["/data"]
EXPOSE 8080
# Healthy means /healthz answers 200: the process is up and the database answers (503 otherwise).
HEALTHCHECK --interval=30s --timeout=5s --start-period=30s --retries=3 \
    CMD ["python", "-c", "import os, urllib.request; urllib.request.urlopen('http://127.0.0.1:%s/healthz' % os.environ['GIGWATCH_HTTP_PORT'], timeout=4)"]
CMD ["gigwatch", "run"]
