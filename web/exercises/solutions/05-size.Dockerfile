# goal: size < 150MB
# goal: no finding pip-no-cache-dir
# goal: no errors
FROM python:3.7-alpine
COPY . /app
WORKDIR /app
RUN pip install --no-cache-dir -r requirements.txt
CMD ["gunicorn", "-w 4", "main:app"]
