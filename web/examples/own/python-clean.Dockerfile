# syntax=docker/dockerfile:1
FROM python:3.13-slim-trixie AS build
WORKDIR /app
RUN python -m venv /venv
ENV PATH="/venv/bin:$PATH"
COPY requirements.txt .
RUN pip install --no-cache-dir -r requirements.txt

FROM python:3.13-slim-trixie
COPY --from=build /venv /venv
ENV PATH="/venv/bin:$PATH"
WORKDIR /app
COPY app.py .
RUN useradd --create-home --uid 10001 app
USER 10001
CMD ["python", "app.py"]
