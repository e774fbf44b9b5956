# goal: no finding base-tag-not-published
# goal: no errors
FROM python:3.12-slim-bookworm AS base

WORKDIR /app

COPY requirements.txt .
RUN pip install --no-cache-dir -r requirements.txt

COPY . .

CMD ["python", "app.py"]
