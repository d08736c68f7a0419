FROM python:3.11-slim
WORKDIR /app
COPY pyproject.toml README.md ./
COPY assistant ./assistant
COPY tools ./tools
COPY prompts ./prompts
RUN pip install --no-cache-dir .
EXPOSE 8000
CMD ["stock-assistant", "serve", "--host", "0.0.0.0", "--port", "8000"]
